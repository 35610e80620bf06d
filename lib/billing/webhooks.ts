// POST /api/webhooks/stripe: the signature is checked on the raw body (nothing is stored when it is
// wrong); each event is stored by Stripe's id and applied once, in the same transaction; state is
// applied by the object's own status and the event's `created` time, so a late or repeated delivery
// never rolls a tenant back. Unknown types are stored and acknowledged. Subscription and invoice events
// (nearly all of the traffic) are stored and applied by one database function in one round trip;
// checkout completions, which need Stripe's view of the new subscription, in a transaction here.
import type pg from "pg";
import type Stripe from "stripe";
import { changeNotice, applyLocally } from "../db/changes";
import { pool } from "../db/pool";
import { DomainError, invalid } from "../errors";
import { forgetTenant } from "../isolation/router";
import { billingConfig, stripe, webhookVerifier } from "./config";
import { BILLING_ACTOR, billingStatusOf, itemIdsOf, periodOf } from "./customers";
import type { BillingStatus, WebhookEventRow, WebhookOutcome } from "./types";

/** Stripe's own default: a signature older than five minutes is refused (replays). */
const TOLERANCE_SECONDS = 300;

type FollowUp = () => Promise<unknown>;

interface Applied {
  outcome: "applied" | "ignored";
  tenantId: string | null;
  note?: string;
}

/** What a checkout completion reads of the tenant it locks. */
interface TenantRow {
  id: string;
  plan_id: string;
  stripe_subscription_id: string | null;
  billing_state_at: Date | null;
}

const TENANT_COLUMNS = "id, plan_id, stripe_subscription_id, billing_state_at";

function idOf(x: unknown): string | null {
  if (typeof x === "string") return x;
  if (x && typeof x === "object" && typeof (x as { id?: unknown }).id === "string") return (x as { id: string }).id;
  return null;
}

async function lockTenantByCustomer(c: pg.PoolClient, customer: unknown): Promise<TenantRow | null> {
  const id = idOf(customer);
  if (!id) return null;
  const r = await c.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE stripe_customer_id = $1 FOR UPDATE`, [id]);
  return r.rows[0] ?? null;
}

async function audit(c: pg.PoolClient, tenantId: string, action: string, data: Record<string, unknown>) {
  // The same row recordAudit writes for BILLING_ACTOR, on this transaction's connection.
  await c.query(`INSERT INTO audit_log (actor_type, actor_id, actor_label, action, tenant_id, data) VALUES ('system', NULL, 'billing', $1, $2, $3)`, [
    action,
    tenantId,
    JSON.stringify(data),
  ]);
}

/** Dunning's suspension ends when the tenant pays; an admin's suspension is the admin's to lift. */
function resumeAfterPayment(tenantId: string): FollowUp {
  return async () => {
    const { resumeTenant } = await import("../tenants/service");
    await resumeTenant(tenantId, BILLING_ACTOR);
  };
}

/** The subscription a completed Checkout made, from Stripe: read before the transaction, so no row lock waits on Stripe. */
async function checkoutSubscription(event: Stripe.Event): Promise<Stripe.Subscription | null> {
  if (event.type !== "checkout.session.completed") return null;
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode !== "subscription" || !session.subscription) return null;
  // The session says which subscription; its current state comes from Stripe (the subscription's own
  // events may arrive before or after this one).
  return stripe().subscriptions.retrieve(idOf(session.subscription)!);
}

async function applyCheckout(c: pg.PoolClient, event: Stripe.Event, sub: Stripe.Subscription | null, followUps: FollowUp[]): Promise<Applied> {
  const session = event.data.object as Stripe.Checkout.Session;
  if (!sub) return { outcome: "ignored", tenantId: null, note: "not a subscription checkout" };
  const tenantId = session.client_reference_id ?? session.metadata?.tenantry_tenant_id ?? null;
  const r = tenantId
    ? await c.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = $1 FOR UPDATE`, [tenantId])
    : { rows: [] as TenantRow[] };
  const t = r.rows[0] ?? (await lockTenantByCustomer(c, session.customer));
  if (!t) return { outcome: "ignored", tenantId: null, note: "no tenant for this session" };
  const subId = idOf(session.subscription)!;
  if (t.stripe_subscription_id === subId) return { outcome: "ignored", tenantId: t.id, note: "subscription already recorded" };
  const at = new Date(Math.max(event.created * 1000, t.billing_state_at?.getTime() ?? 0));
  const planId = session.metadata?.tenantry_plan_id;
  const plan = planId ? (await c.query<{ id: string }>("SELECT id FROM plans WHERE id = $1", [planId])).rows[0] : undefined;
  const period = periodOf(sub);
  const items = await itemIdsOf(sub);
  // The status, grace period, audit entry and resume rule are the database's (the same function the
  // subscription and invoice events go through); what only a checkout sets follows.
  const status = await c.query<{ resume: boolean }>(
    "SELECT tenantry_set_billing_status($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) AS resume",
    [t.id, billingStatusOf(sub.status), at, billingConfig().graceDays, event.id, event.type, sub.id, period.start, period.end, JSON.stringify(items)],
  );
  await c.query("UPDATE tenants SET stripe_customer_id = coalesce(stripe_customer_id, $2), plan_id = $3 WHERE id = $1", [t.id, idOf(session.customer), plan?.id ?? t.plan_id]);
  if (status.rows[0].resume) followUps.push(resumeAfterPayment(t.id));
  if (plan && plan.id !== t.plan_id) {
    await audit(c, t.id, "tenant.updated", { plan: { from: t.plan_id, to: plan.id }, via: "stripe_checkout", checkout_session: session.id });
  }
  await c.query("SELECT pg_notify($1, $2)", changeNotice({ kind: "tenant", id: t.id }));
  followUps.push(async () => {
    forgetTenant(t.id);
    applyLocally({ kind: "tenant", id: t.id });
  });
  // The subscription made at provisioning is replaced by the one the tenant just paid for.
  const old = t.stripe_subscription_id;
  if (old && old !== sub.id) {
    followUps.push(() => stripe().subscriptions.cancel(old, {}, { idempotencyKey: `tenantry-replace-${old}-by-${sub.id}` }));
  }
  return { outcome: "applied", tenantId: t.id };
}

/** Applied in one statement by tenantry_apply_stripe_event (migration 20261123172512). */
const STATE_EVENTS = new Set([
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

/**
 * Subscription and invoice events: one round trip. What the Stripe object says (the status it moves
 * to, the period, the item ids) is worked out here; storing, locking the tenant and applying by time
 * happen in the database function, in one statement (so one transaction).
 */
async function applyStateEvent(event: Stripe.Event, rawBody: string, followUps: FollowUp[]): Promise<WebhookOutcome> {
  const isSubscription = event.type.startsWith("customer.subscription.");
  const obj = event.data.object as (Stripe.Subscription | Stripe.Invoice) & { subscription?: unknown };
  let subscription: string | null;
  let next: BillingStatus | null = null;
  let period: { start: Date | null; end: Date | null } = { start: null, end: null };
  let items: Record<string, string> | null = null;
  if (isSubscription) {
    const sub = obj as Stripe.Subscription;
    subscription = sub.id;
    next = event.type === "customer.subscription.deleted" ? "canceled" : billingStatusOf(sub.status);
    if (sub.items?.data?.length) {
      period = periodOf(sub);
      items = await itemIdsOf(sub);
    }
  } else {
    const inv = obj as Stripe.Invoice & { subscription?: unknown };
    subscription = idOf(inv.subscription) ?? idOf(inv.parent?.subscription_details?.subscription);
  }
  const r = await pool().query<{ outcome: WebhookOutcome; tenant_id: string | null; resume: boolean }>(
    "SELECT outcome, tenant_id, resume FROM tenantry_apply_stripe_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    [event.id, event.type, event.created, rawBody, idOf(obj.customer), subscription, next, period.start, period.end, items ? JSON.stringify(items) : null, billingConfig().graceDays],
  );
  const row = r.rows[0];
  if (row.resume && row.tenant_id) followUps.push(resumeAfterPayment(row.tenant_id));
  return row.outcome;
}

/** Checkout completions and types we don't handle: in a transaction, in TypeScript. */
async function applyInTransaction(event: Stripe.Event, rawBody: string, followUps: FollowUp[]): Promise<WebhookOutcome> {
  // A repeat of an event already applied is answered before Stripe is asked anything (a Stripe outage
  // must not fail a delivery that has nothing left to do).
  const settled = await pool().query("UPDATE stripe_events SET deliveries = deliveries + 1 WHERE id = $1 AND outcome <> 'failed' RETURNING id", [event.id]);
  if (settled.rowCount) return "duplicate";
  const sub = await checkoutSubscription(event);
  const c = await pool().connect();
  try {
    await c.query("BEGIN");
    // A concurrent delivery of the same id waits here for the first to commit, then counts as a duplicate.
    const ins = await c.query<{ outcome: string; inserted: boolean }>(
      `INSERT INTO stripe_events (id, type, created, payload, outcome) VALUES ($1, $2, to_timestamp($3), $4, 'failed')
       ON CONFLICT (id) DO UPDATE SET deliveries = stripe_events.deliveries + 1
       RETURNING outcome, (xmax = 0) AS inserted`,
      [event.id, event.type, event.created, rawBody],
    );
    const row = ins.rows[0];
    if (!row.inserted && row.outcome !== "failed") {
      await c.query("COMMIT");
      return "duplicate";
    }
    const r: Applied =
      event.type === "checkout.session.completed" ? await applyCheckout(c, event, sub, followUps) : { outcome: "ignored", tenantId: null, note: "event type not handled" };
    await c.query("UPDATE stripe_events SET outcome = $2, error = $3, tenant_id = $4 WHERE id = $1", [event.id, r.outcome, r.note ?? null, r.tenantId]);
    await c.query("COMMIT");
    return r.outcome;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

function verify(rawBody: string, signature: string | null): Stripe.Event {
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    throw new DomainError(
      "conflict",
      409,
      "Stripe webhooks are not configured on this Tenantry: set STRIPE_WEBHOOK_SECRET (and STRIPE_SECRET_KEY). The event was not stored.",
    );
  }
  if (!signature) throw invalid("The Stripe-Signature header is missing; nothing was stored.", [{ path: "stripe-signature", message: "Required." }]);
  let event: Stripe.Event;
  try {
    event = webhookVerifier().webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch (e) {
    const why = e instanceof SyntaxError ? "the payload is not JSON" : e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw invalid(`The Stripe webhook was refused (${why}); nothing was stored.`, [{ path: "stripe-signature", message: why }]);
  }
  const x = event as unknown as Record<string, unknown> | null;
  const data = x?.data as { object?: unknown } | undefined;
  if (
    !x ||
    typeof x.id !== "string" ||
    x.id.length === 0 ||
    x.id.length > 255 ||
    typeof x.type !== "string" ||
    typeof x.created !== "number" ||
    !data ||
    typeof data.object !== "object" ||
    data.object === null
  ) {
    throw invalid("The Stripe event is malformed (id, type, created and data.object are required); nothing was stored.");
  }
  return event;
}

/** Verifies, stores and applies one delivery. Throws DomainError (400/409) when refused, anything else (500) when applying failed. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<{ id: string; outcome: WebhookOutcome }> {
  const event = verify(rawBody, signature);
  const followUps: FollowUp[] = [];
  let outcome: WebhookOutcome;
  try {
    outcome = STATE_EVENTS.has(event.type) ? await applyStateEvent(event, rawBody, followUps) : await applyInTransaction(event, rawBody, followUps);
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
    // Kept as failed (with the payload) for the Billing page; Stripe redelivers on our 500 and the
    // next delivery applies it.
    await pool()
      .query(
        `INSERT INTO stripe_events (id, type, created, payload, outcome, error) VALUES ($1, $2, to_timestamp($3), $4, 'failed', $5)
         ON CONFLICT (id) DO UPDATE SET error = $5 WHERE stripe_events.outcome = 'failed'`,
        [event.id, event.type, event.created, rawBody, message],
      )
      .catch(() => {});
    throw e;
  }
  for (const f of followUps) await f().catch((e) => console.error("[billing] webhook follow-up failed:", e instanceof Error ? e.message : e));
  return { id: event.id, outcome };
}

export async function recentWebhookEvents(limit = 50): Promise<WebhookEventRow[]> {
  const r = await pool().query<{ id: string; type: string; created: Date; received_at: Date; outcome: WebhookOutcome; error: string | null; deliveries: number; tenant_id: string | null }>(
    `SELECT id, type, created, received_at, outcome, error, deliveries, tenant_id FROM stripe_events ORDER BY received_at DESC, id DESC LIMIT $1`,
    [Math.max(1, Math.min(500, Math.floor(limit)))],
  );
  return r.rows.map((x) => ({
    id: x.id,
    type: x.type,
    created: x.created,
    receivedAt: x.received_at,
    outcome: x.outcome,
    error: x.error,
    deliveries: x.deliveries,
    tenantId: x.tenant_id,
  }));
}
