// A Stripe customer and subscription per tenant: the billing step of provisioning, resumable. Each
// create carries an Idempotency-Key derived from the tenant id, so a crash between Stripe's answer and
// our write (or two workers at once) finds the same customer on retry instead of making a second one.
// Stripe keeps idempotency keys for 24 hours; the provisioning retry job finishes well within that.
import type Stripe from "stripe";
import { recordAudit, type Actor } from "../audit/log";
import { db, Prisma } from "../db/client";
import { conflict, notFound } from "../errors";
import { stripe } from "./config";
import { billingConfig } from "./config";
import { stripeErrorMessage } from "./errors";
import { priceIndex } from "./price-index";
import { BILLABLE_METRICS, type BillableMetric, type BillingStatus } from "./types";

/** Invoices of subscriptions made server-side are sent, not charged: no card is on file yet. */
const DAYS_UNTIL_DUE = 14;

export const BILLING_ACTOR: Actor = { type: "system", label: "billing" };

export function billingStatusOf(s: Stripe.Subscription.Status | string): BillingStatus {
  switch (s) {
    case "trialing":
    case "active":
    case "past_due":
    case "unpaid":
    case "canceled":
      return s as BillingStatus;
    case "incomplete_expired":
      return "canceled";
    case "paused":
      return "unpaid";
    default:
      // incomplete: the first payment has not gone through yet
      return "none";
  }
}

type PlanWithPrices = Prisma.PlanGetPayload<{ include: { metricPrices: true } }>;

export type PlanItems = { base: string; metered: { metric: BillableMetric; price: string }[] };

/** The subscription items a plan needs: its base price and one metered price per priced metric. */
export function planItems(plan: PlanWithPrices): PlanItems | null {
  if (!plan.stripeBasePriceId) return null;
  return {
    base: plan.stripeBasePriceId,
    metered: plan.metricPrices
      .filter((mp) => mp.stripePriceId && (BILLABLE_METRICS as readonly string[]).includes(mp.metric))
      .map((mp) => ({ metric: mp.metric as BillableMetric, price: mp.stripePriceId! })),
  };
}

/** A plan's items as a new subscription or a Checkout Session lists them: metered prices take no quantity. */
export function lineItems(items: PlanItems): { price: string; quantity?: number }[] {
  return [{ price: items.base, quantity: 1 }, ...items.metered.map((m) => ({ price: m.price }))];
}

/** Which of a subscription's items is the base and which meters which metric (by price). */
export async function itemIdsOf(sub: Stripe.Subscription): Promise<Record<string, string>> {
  const index = await priceIndex(sub.items.data.map((it) => it.price.id));
  const out: Record<string, string> = {};
  for (const it of sub.items.data) {
    const metered = it.price.recurring?.usage_type === "metered";
    const metric = index.metricOf.get(it.price.id) ?? (metered ? it.price.metadata?.tenantry_metric : undefined);
    if (metric) out[metric] = it.id;
    else if (!metered && (index.basePrices.has(it.price.id) || !out.base)) out.base = it.id;
  }
  return out;
}

export function periodOf(sub: Stripe.Subscription): { start: Date | null; end: Date | null } {
  const it = sub.items.data[0];
  return it ? { start: new Date(it.current_period_start * 1000), end: new Date(it.current_period_end * 1000) } : { start: null, end: null };
}

/**
 * Makes sure the tenant has a Stripe customer and, once its plan is in Stripe, a subscription to it.
 * No-op with billing off. Safe to run again at any point; records why it failed in billing_error.
 */
export async function ensureBillingForTenant(tenantId: string): Promise<{ customerCreated: boolean; subscriptionCreated: boolean }> {
  const result = { customerCreated: false, subscriptionCreated: false };
  if (!billingConfig().enabled) return result;
  const t = await db().tenant.findUnique({ where: { id: tenantId }, include: { plan: { include: { metricPrices: true } } } });
  if (!t) throw notFound("Tenant");
  if (t.status === "deleted") return result;
  const s = stripe();
  try {
    let customerId = t.stripeCustomerId;
    if (!customerId) {
      const c = await s.customers.create(
        { name: t.name, metadata: { tenantry_tenant_id: t.id, tenantry_slug: t.slug } },
        { idempotencyKey: `tenantry-customer-${t.id}` },
      );
      customerId = c.id;
      await db().$transaction(async (tx) => {
        await tx.tenant.update({ where: { id: t.id }, data: { stripeCustomerId: customerId } });
        await recordAudit(tx, { actor: BILLING_ACTOR, action: "billing.customer_created", tenantId: t.id, data: { customer: customerId } });
      });
      result.customerCreated = true;
    }
    const items = planItems(t.plan);
    if (!t.stripeSubscriptionId && items) {
      const sub = await s.subscriptions.create(
        {
          customer: customerId,
          items: lineItems(items),
          collection_method: "send_invoice",
          days_until_due: DAYS_UNTIL_DUE,
          metadata: { tenantry_tenant_id: t.id, tenantry_plan_id: t.planId },
        },
        { idempotencyKey: `tenantry-subscription-${t.id}-${items.base}` },
      );
      const period = periodOf(sub);
      const status = billingStatusOf(sub.status);
      const itemIds = (await itemIdsOf(sub)) as Prisma.InputJsonValue;
      // The subscription's row and its audit entry together, as for the customer above.
      await db().$transaction(async (tx) => {
        await tx.tenant.update({
          where: { id: t.id },
          data: {
            stripeSubscriptionId: sub.id,
            stripeItemIds: itemIds,
            billingStatus: status,
            billingStatusChangedAt: new Date(),
            billingPeriodStart: period.start,
            billingPeriodEnd: period.end,
          },
        });
        await recordAudit(tx, { actor: BILLING_ACTOR, action: "billing.subscription_created", tenantId: t.id, data: { subscription: sub.id, plan: t.planId, status } });
      });
      result.subscriptionCreated = true;
    }
    if (t.billingError) await db().tenant.update({ where: { id: t.id }, data: { billingError: null } });
    return result;
  } catch (e) {
    const message = stripeErrorMessage(e);
    await db().tenant.update({ where: { id: t.id }, data: { billingError: message.slice(0, 2000) } }).catch(() => {});
    throw new Error(`Stripe customer/subscription for ${t.slug}: ${message}`);
  }
}

/** Customers and subscriptions for every live tenant that lacks them (billing just turned on, or the catalogue was just synced). */
export async function backfillCustomers(actor: Actor): Promise<{ customersCreated: number; subscriptionsCreated: number; errors: string[] }> {
  void actor;
  const out = { customersCreated: 0, subscriptionsCreated: 0, errors: [] as string[] };
  if (!billingConfig().enabled) return out;
  const tenants = await db().tenant.findMany({
    where: { status: { in: ["active", "suspended"] }, OR: [{ stripeCustomerId: null }, { stripeSubscriptionId: null }] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  let next = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const id = tenants[next++].id;
      try {
        const r = await ensureBillingForTenant(id);
        if (r.customerCreated) out.customersCreated++;
        if (r.subscriptionCreated) out.subscriptionsCreated++;
      } catch (e) {
        out.errors.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** The tenant's billing fields a plan change needs, as the caller (updateTenant) has already read them. */
export type SubscribedTenant = { id: string; stripeSubscriptionId: string | null; billingStatus: string };

/**
 * Moves a tenant's subscription to another plan's prices in Stripe (called before the plan changes in
 * Tenantry: a Stripe error leaves the plan as it was). Returns the new item ids, or null when there is
 * nothing to move (billing off, no subscription).
 */
export async function changeSubscriptionPlan(t: SubscribedTenant, planId: string): Promise<Record<string, string> | null> {
  if (!billingConfig().enabled) return null;
  if (!t.stripeSubscriptionId || t.billingStatus === "canceled") return null;
  const plan = await db().plan.findUnique({ where: { id: planId }, include: { metricPrices: true } });
  if (!plan) throw notFound("Plan");
  const target = planItems(plan);
  if (!target) throw conflict(`The plan "${plan.name}" is not in Stripe yet (run the catalogue sync first); the plan is unchanged.`);
  const s = stripe();
  try {
    const sub = await s.subscriptions.retrieve(t.stripeSubscriptionId);
    const current = await itemIdsOf(sub);
    const items: Stripe.SubscriptionUpdateParams.Item[] = [];
    if (current.base) items.push({ id: current.base, price: target.base, quantity: 1 });
    else items.push({ price: target.base, quantity: 1 });
    for (const metric of BILLABLE_METRICS) {
      const want = target.metered.find((m) => m.metric === metric);
      const have = current[metric];
      const haveItem = sub.items.data.find((it) => it.id === have);
      if (want && have) {
        if (haveItem?.price.id !== want.price) items.push({ id: have, price: want.price });
      } else if (want) items.push({ price: want.price });
      else if (have) items.push({ id: have, deleted: true });
    }
    const updated = await s.subscriptions.update(
      sub.id,
      { items, proration_behavior: "create_prorations", metadata: { tenantry_plan_id: planId } },
      { idempotencyKey: `tenantry-plan-${t.id}-${sub.id}-${planId}-${Object.values(current).sort().join(".")}` },
    );
    return itemIdsOf(updated);
  } catch (e) {
    throw conflict(`Stripe refused the plan change, so the plan is unchanged: ${stripeErrorMessage(e)}`);
  }
}
