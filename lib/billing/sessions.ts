// Stripe Checkout (upgrade to a plan) and the Billing Portal (invoices, payment methods) for a tenant.
// The caller checks the role (a tenant owner/admin or a platform admin); these check the domain and
// audit-log the start. The session's outcome comes back through the webhooks.
import { recordAudit, type Actor } from "../audit/log";
import { db } from "../db/client";
import { conflict, invalid, notFound } from "../errors";
import { stripe } from "./config";
import { ensureBillingForTenant, lineItems, planItems } from "./customers";
import { requireBilling, stripeFailed } from "./errors";

function checkUrl(path: string, value: unknown): string {
  if (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value) || value.length > 2000) {
    throw invalid("The return address is not valid.", [{ path, message: "Must be an absolute http(s) URL." }]);
  }
  return value;
}

/** The tenant's Stripe customer, with the plan and billing status the checkout checks (one read, or two when the customer had to be made). */
async function customerOf(tenantId: string): Promise<{ customerId: string; planId: string; billingStatus: string }> {
  const select = { status: true, stripeCustomerId: true, planId: true, billingStatus: true } as const;
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select });
  if (!t || t.status === "deleted") throw notFound("Tenant");
  if (t.stripeCustomerId) return { customerId: t.stripeCustomerId, planId: t.planId, billingStatus: t.billingStatus };
  // Billing turned on after the tenant was made and no sync has run yet: make the customer now (and
  // the subscription, which changes the billing status: read the row again).
  await ensureBillingForTenant(tenantId).catch((e) => {
    throw stripeFailed("The Stripe customer could not be created", e);
  });
  const again = await db().tenant.findUnique({ where: { id: tenantId }, select });
  if (!again?.stripeCustomerId) throw conflict("The tenant has no Stripe customer yet.");
  return { customerId: again.stripeCustomerId, planId: again.planId, billingStatus: again.billingStatus };
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
  const { customerId, planId: current, billingStatus } = await customerOf(tenantId);
  if (current === plan.id && (billingStatus === "active" || billingStatus === "trialing")) throw conflict(`The tenant is already on the ${plan.name} plan.`);
  try {
    const session = await stripe().checkout.sessions.create({
      mode: "subscription",
      customer: customerId,
      client_reference_id: tenantId,
      line_items: lineItems(items),
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
