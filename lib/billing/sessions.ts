// Stripe Checkout (upgrade to a plan) and the Billing Portal (invoices, payment methods) for a tenant.
// The caller checks the role (a tenant owner/admin or a platform admin); these check the domain and
// audit-log the start. The session's outcome comes back through the webhooks.
import { recordAudit, type Actor } from "../audit/log";
import { db } from "../db/client";
import { conflict, invalid, notFound } from "../errors";
import { stripe } from "./config";
import { ensureBillingForTenant, planItems } from "./customers";
import { requireBilling, stripeFailed } from "./errors";

function checkUrl(path: string, value: unknown): string {
  if (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value) || value.length > 2000) {
    throw invalid("The return address is not valid.", [{ path, message: "Must be an absolute http(s) URL." }]);
  }
  return value;
}

async function customerOf(tenantId: string): Promise<{ customerId: string; slug: string; planId: string }> {
  const t = await db().tenant.findUnique({ where: { id: tenantId } });
  if (!t || t.status === "deleted") throw notFound("Tenant");
  if (t.stripeCustomerId) return { customerId: t.stripeCustomerId, slug: t.slug, planId: t.planId };
  // Billing turned on after the tenant was made and no sync has run yet: make the customer now.
  await ensureBillingForTenant(tenantId).catch((e) => {
    throw stripeFailed("The Stripe customer could not be created", e);
  });
  const again = await db().tenant.findUnique({ where: { id: tenantId } });
  if (!again?.stripeCustomerId) throw conflict("The tenant has no Stripe customer yet.");
  return { customerId: again.stripeCustomerId, slug: again.slug, planId: again.planId };
}

export async function createCheckoutSession(
  tenantId: string,
  planId: string,
  urls: { successUrl: string; cancelUrl: string },
  actor: Actor,
): Promise<{ url: string }> {
  requireBilling();
  const successUrl = checkUrl("successUrl", urls?.successUrl);
  const cancelUrl = checkUrl("cancelUrl", urls?.cancelUrl);
  const plan = typeof planId === "string" ? await db().plan.findUnique({ where: { id: planId }, include: { metricPrices: true } }) : null;
  if (!plan) throw invalid("Choose a plan.", [{ path: "plan", message: `Unknown plan "${String(planId)}".` }]);
  const items = planItems(plan);
  if (!items) throw conflict(`The plan "${plan.name}" is not in Stripe yet: the platform admin has to run the catalogue sync.`);
  const { customerId, planId: current } = await customerOf(tenantId);
  if (current === plan.id) {
    const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { billingStatus: true } });
    if (t && (t.billingStatus === "active" || t.billingStatus === "trialing")) throw conflict(`The tenant is already on the ${plan.name} plan.`);
  }
  try {
    const session = await stripe().checkout.sessions.create({
      mode: "subscription",
      customer: customerId,
      client_reference_id: tenantId,
      line_items: [{ price: items.base, quantity: 1 }, ...items.metered.map((m) => ({ price: m.price }))],
      success_url: successUrl,
      cancel_url: cancelUrl,
      metadata: { tenantry_tenant_id: tenantId, tenantry_plan_id: plan.id },
      subscription_data: { metadata: { tenantry_tenant_id: tenantId, tenantry_plan_id: plan.id } },
    });
    if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL.");
    await recordAudit(db(), { actor, action: "billing.checkout_started", tenantId, data: { plan: plan.id, session: session.id } });
    return { url: session.url };
  } catch (e) {
    throw stripeFailed("Stripe Checkout could not be started", e);
  }
}

export async function createBillingPortalSession(tenantId: string, returnUrl: string, actor: Actor): Promise<{ url: string }> {
  requireBilling();
  const url = checkUrl("returnUrl", returnUrl);
  const { customerId } = await customerOf(tenantId);
  try {
    const session = await stripe().billingPortal.sessions.create({ customer: customerId, return_url: url });
    await recordAudit(db(), { actor, action: "billing.portal_opened", tenantId, data: { session: session.id } });
    return { url: session.url };
  } catch (e) {
    throw stripeFailed("The Stripe Billing Portal could not be opened", e);
  }
}
