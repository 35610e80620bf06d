// A tenant's billing as its Billing tab shows it: Stripe ids and links, status and period, an estimate
// of the current period priced by the plan from Tenantry's own usage, the meter sync's state, and the
// invoices (asked of Stripe; a Stripe outage leaves the rest of the view intact).
import { db } from "../db/client";
import { notFound } from "../errors";
import { tenantUsage } from "../metering/read";
import { METRIC_KIND } from "../quotas/metrics";
import { periodOf } from "../quotas/period";
import { billingConfig, stripe } from "./config";
import { stripeErrorMessage } from "./errors";
import { tenantMeterSyncState } from "./meter-sync";
import { toPlanPricing } from "./pricing";
import type { BillableMetric, BillingStatus, Estimate, InvoiceRow, TenantBillingView } from "./types";

/** Usage in [start, now) priced by the plan: counters by their total, gauges by their current level. */
export async function estimateFor(tenantId: string, planId: string, start: Date, end: Date): Promise<Estimate | null> {
  const plan = await db().plan.findUnique({ where: { id: planId }, include: { metricPrices: true } });
  if (!plan) return null;
  const pricing = toPlanPricing(plan, plan.metricPrices);
  if (!pricing) return null;
  const metrics = pricing.metricPrices.map((m) => m.metric);
  const usage = metrics.length
    ? await tenantUsage(tenantId, { from: start.getTime(), to: Math.min(Date.now(), end.getTime()), granularity: "day" }, metrics)
    : { totals: {} as Partial<Record<BillableMetric, number>> };
  const lines = pricing.metricPrices.map((mp) => {
    const raw = usage.totals[mp.metric] ?? 0;
    const quantity = METRIC_KIND[mp.metric] === "gauge" ? Math.round(raw) : Math.floor(raw);
    return { metric: mp.metric, quantity, unitAmount: mp.unitAmount, perUnits: mp.perUnits, amount: Math.round((quantity * mp.unitAmount) / mp.perUnits) };
  });
  const total = pricing.baseAmount + lines.reduce((s, l) => s + l.amount, 0);
  return { periodStart: start, periodEnd: end, currency: pricing.currency, base: pricing.baseAmount, lines, total };
}

async function invoicesOf(customerId: string): Promise<{ invoices: InvoiceRow[]; error: string | null }> {
  try {
    const list = await stripe().invoices.list({ customer: customerId, limit: 12 });
    return {
      invoices: list.data.map((i) => ({
        id: i.id ?? "",
        number: i.number ?? null,
        status: i.status ?? null,
        amountDue: i.amount_due,
        amountPaid: i.amount_paid,
        currency: i.currency,
        hostedInvoiceUrl: i.hosted_invoice_url ?? null,
        created: new Date(i.created * 1000),
      })),
      error: null,
    };
  } catch (e) {
    return { invoices: [], error: stripeErrorMessage(e) };
  }
}

export async function tenantBilling(tenantId: string): Promise<TenantBillingView> {
  const cfg = billingConfig();
  const t = await db().tenant.findUnique({ where: { id: tenantId } });
  if (!t) throw notFound("Tenant");
  // The subscription's period while it runs; otherwise the calendar month.
  const month = periodOf();
  const inPeriod = t.billingPeriodStart && t.billingPeriodEnd && t.billingPeriodEnd.getTime() > Date.now();
  const { start, end } = inPeriod ? { start: t.billingPeriodStart!, end: t.billingPeriodEnd! } : { start: new Date(month.start), end: new Date(month.end) };
  const [estimate, meterSync, inv] = await Promise.all([
    estimateFor(t.id, t.planId, start, end),
    tenantMeterSyncState(t.id),
    cfg.enabled && t.stripeCustomerId ? invoicesOf(t.stripeCustomerId) : Promise.resolve({ invoices: [] as InvoiceRow[], error: null }),
  ]);
  return {
    enabled: cfg.enabled,
    tenantId: t.id,
    planId: t.planId,
    customerId: t.stripeCustomerId,
    subscriptionId: t.stripeSubscriptionId,
    itemIds: (t.stripeItemIds ?? {}) as TenantBillingView["itemIds"],
    status: t.billingStatus as BillingStatus,
    statusChangedAt: t.billingStatusChangedAt,
    currentPeriodStart: t.billingPeriodStart,
    currentPeriodEnd: t.billingPeriodEnd,
    graceEndsAt: t.billingStatus === "past_due" || t.billingStatus === "unpaid" ? t.billingGraceEndsAt : null,
    suspendedByBilling: t.status === "suspended" && !!t.billingSuspendedAt,
    links: {
      customer: t.stripeCustomerId ? `${cfg.dashboardUrl}/customers/${t.stripeCustomerId}` : null,
      subscription: t.stripeSubscriptionId ? `${cfg.dashboardUrl}/subscriptions/${t.stripeSubscriptionId}` : null,
    },
    estimate,
    meterSync,
    invoices: inv.invoices,
    invoicesError: inv.error,
    lastError: t.billingError,
  };
}
