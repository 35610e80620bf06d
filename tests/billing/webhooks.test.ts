// POST /api/webhooks/stripe through the real route handler: signatures made with the SDK's own test
// helper; bad ones refused with nothing stored; repeated and out-of-order deliveries applied once and
// never rolling state back; dunning on top of it; Checkout and the Billing Portal through the double's
// hosted pages (which send their own signed webhooks to a live copy of the route).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { catalogue, createBillingPortalSession, createCheckoutSession, recentWebhookEvents, runDunning, syncCatalogue, tenantBillingRow } from "./lib";
import { createTenant, getTenant, suspendTenant } from "@/lib/tenants/service";
import type { RunningDouble } from "../../stripe-double";
import { sql } from "../setup/db";
import { signed, startBilling, stopBilling, stripeFor, system, WEBHOOK_SECRET } from "./helpers";

let d: RunningDouble;
let hook: http.Server;
let seq = 0;

function deliver(payload: string, signature: string | null = signed(payload)): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return POST(new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers, body: payload }));
}

function event(type: string, object: unknown, created: number, id = `evt_test_${Date.now()}_${++seq}`) {
  return JSON.stringify({ id, object: "event", type, created, api_version: "2026-10-28.endive", livemode: false, data: { object } });
}

async function storedEvents(id: string) {
  return sql<{ outcome: string; deliveries: number }>("SELECT outcome, deliveries FROM stripe_events WHERE id = $1", [id]);
}

async function billedTenant(name: string, plan = "pro") {
  const t = await createTenant({ name, isolation: "shared", plan }, system);
  const row = await tenantBillingRow(t.id);
  const sub = structuredClone(d.double.state.subscriptions.get(row.stripe_subscription_id!)!);
  return { t, row, sub };
}

beforeAll(async () => {
  // A live copy of the route for the double's hosted pages to post to.
  hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r = await deliver(Buffer.concat(chunks).toString("utf8"), (req.headers["stripe-signature"] as string) ?? null);
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(await r.text());
    });
  });
  await new Promise<void>((ok) => hook.listen(0, "127.0.0.1", ok));
  d = await startBilling({ webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/webhooks/stripe` });
  await syncCatalogue(system);
});
afterAll(async () => {
  await stopBilling(d);
  await new Promise((ok) => hook.close(ok));
});

describe("refused deliveries store nothing", () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ["a signature made with another secret", (p: string) => signed(p, { secret: "whsec_someone_else" })],
    ["a stale timestamp (ten minutes old)", (p: string) => signed(p, { timestamp: now() - 600 })],
    ["a garbled signature header", () => "t=123,v1=deadbeef"],
    ["no signature header", () => null],
  ])("%s → 400 problem+json", async (_label, sign) => {
    const id = `evt_refused_${++seq}`;
    const payload = event("invoice.paid", { id: "in_1", customer: "cus_x" }, now(), id);
    const r = await deliver(payload, sign(payload));
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(await r.json()).toMatchObject({ code: "invalid_request", detail: expect.stringMatching(/nothing was stored/) });
    expect(await storedEvents(id)).toEqual([]);
  });

  it("a correctly signed body that is not JSON, or not an event → 400", async () => {
    const before = await sql<{ n: number }>("SELECT count(*)::int AS n FROM stripe_events");
    for (const payload of ["{not json", JSON.stringify({ id: "evt_no_type" }), JSON.stringify([1, 2])]) {
      const r = await deliver(payload);
      expect(r.status).toBe(400);
      expect((await r.json()).code).toBe("invalid_request");
    }
    expect(await sql<{ n: number }>("SELECT count(*)::int AS n FROM stripe_events")).toEqual(before);
  });

  it("a body over 1 MiB → 413 and nothing stored", async () => {
    const before = await sql<{ n: number }>("SELECT count(*)::int AS n FROM stripe_events");
    const payload = event("invoice.paid", { id: "in_big", customer: "cus_x", padding: "x".repeat(1024 * 1024) }, now());
    const r = await deliver(payload);
    expect(r.status).toBe(413);
    expect((await r.json()).code).toBe("payload_too_large");
    expect(await sql<{ n: number }>("SELECT count(*)::int AS n FROM stripe_events")).toEqual(before);
  });
});

describe("a delivery that fails", () => {
  it("is recorded as failed with a 500, changes nothing, and is applied when Stripe delivers it again", async () => {
    const { t, row } = await billedTenant("Redelivered", "free");
    const pro = (await catalogue()).find((r) => r.planId === "pro")!;
    const sub = await stripeFor(d).subscriptions.create({ customer: row.stripe_customer_id!, items: [{ price: pro.basePriceId! }] });
    const id = `evt_redeliver_${++seq}`;
    const session = {
      id: "cs_test_redeliver",
      object: "checkout.session",
      mode: "subscription",
      subscription: sub.id,
      customer: row.stripe_customer_id,
      client_reference_id: t.id,
      metadata: { tenantry_plan_id: "pro" },
    };
    const payload = event("checkout.session.completed", session, Math.floor(Date.now() / 1000), id);

    // Stripe cannot be read while the event is applied: the delivery fails and Stripe will retry it.
    d.double.fail({ path: `/v1/subscriptions/${sub.id}`, method: "GET", status: 500, count: 100 });
    const first = await deliver(payload);
    expect(first.status).toBe(500);
    const [stored] = await sql<{ outcome: string; deliveries: number; error: string | null }>("SELECT outcome, deliveries, error FROM stripe_events WHERE id = $1", [id]);
    expect(stored).toMatchObject({ outcome: "failed", deliveries: 1, error: expect.stringContaining("500") });
    expect((await tenantBillingRow(t.id)).plan_id).toBe("free");

    d.double.clearFailures();
    const second = await deliver(payload);
    expect(second.status).toBe(200);
    expect(await storedEvents(id)).toEqual([{ outcome: "applied", deliveries: 2 }]);
    const after = await tenantBillingRow(t.id);
    expect({ plan: after.plan_id, subscription: after.stripe_subscription_id }).toEqual({ plan: "pro", subscription: sub.id });

    // Delivered once more while Stripe is down: a duplicate, answered without Stripe, still applied.
    d.double.fail({ path: `/v1/subscriptions/${sub.id}`, method: "GET", status: 500, count: 100 });
    try {
      const third = await deliver(payload);
      expect(third.status).toBe(200);
      expect((await third.json()).outcome).toBe("duplicate");
      expect(await storedEvents(id)).toEqual([{ outcome: "applied", deliveries: 3 }]);
    } finally {
      d.double.clearFailures();
    }
  });
});

describe("applied once, in object order", () => {
  it("an unknown event type is stored and acknowledged", async () => {
    const payload = event("customer.tax_id.created", { id: "txi_1" }, Math.floor(Date.now() / 1000));
    const r = await deliver(payload);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ received: true, outcome: "ignored" });
    expect(await storedEvents(body.id)).toEqual([{ outcome: "ignored", deliveries: 1 }]);
  });

  it("the same event five times: applied once, four duplicates acknowledged", async () => {
    const { t, sub } = await billedTenant("Five Times");
    const id = `evt_five_${++seq}`;
    const payload = event("customer.subscription.updated", { ...sub, status: "past_due" }, Math.floor(Date.now() / 1000) + 1, id);
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      const r = await deliver(payload);
      expect(r.status).toBe(200);
      outcomes.push((await r.json()).outcome);
    }
    expect(outcomes).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await storedEvents(id)).toEqual([{ outcome: "applied", deliveries: 5 }]);
    const audits = await sql("SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'billing.status_changed'", [t.id]);
    expect(audits).toHaveLength(1);
    const row = await tenantBillingRow(t.id);
    expect(row.billing_status).toBe("past_due");
    // The audit entry names the change, the event and the grace period's end (as JSON dates are written).
    expect(audits[0].data).toEqual({ from: "active", to: "past_due", event: id, event_type: "customer.subscription.updated", grace_ends_at: row.billing_grace_ends_at!.toISOString() });
  });

  it("five deliveries at once of the same event: applied once", async () => {
    const { t, sub } = await billedTenant("Concurrent Five");
    const payload = event("customer.subscription.updated", { ...sub, status: "unpaid" }, Math.floor(Date.now() / 1000) + 1);
    const rs = await Promise.all(Array.from({ length: 5 }, () => deliver(payload)));
    const outcomes = await Promise.all(rs.map(async (r) => (await r.json()).outcome));
    expect(outcomes.sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await sql("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'billing.status_changed'", [t.id])).toHaveLength(1);
  });

  it("out of order and repeated: an older event never rolls the state back", async () => {
    const { t, sub } = await billedTenant("Out Of Order");
    const t0 = Math.floor(Date.now() / 1000) + 5;
    const e1 = event("customer.subscription.updated", { ...sub, status: "active" }, t0);
    const e2 = event("invoice.payment_failed", { id: "in_x", object: "invoice", customer: sub.customer, subscription: sub.id }, t0 + 10);
    const e3 = event("customer.subscription.updated", { ...sub, status: "past_due" }, t0 + 11);
    const e4 = event("invoice.paid", { id: "in_x", object: "invoice", customer: sub.customer, subscription: sub.id }, t0 + 20);
    const order = [e4, e2, e1, e3, e4, e1, e2, e3, e1];
    const outcomes = [];
    for (const e of order) outcomes.push((await (await deliver(e)).json()).outcome);
    expect(outcomes).toEqual(["applied", "ignored", "ignored", "ignored", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate"]);
    // e4 (paid) came first while the tenant was active: nothing to change, but the older ones can't undo it.
    const row = await tenantBillingRow(t.id);
    expect({ status: row.billing_status, grace: row.billing_grace_ends_at }).toEqual({ status: "active", grace: null });

    // The newest state wins whatever the order: past_due at t0+30 delivered before active at t0+25.
    const late = event("customer.subscription.updated", { ...sub, status: "past_due" }, t0 + 30);
    const earlier = event("customer.subscription.updated", { ...sub, status: "active" }, t0 + 25);
    expect((await (await deliver(late)).json()).outcome).toBe("applied");
    expect((await (await deliver(earlier)).json()).outcome).toBe("ignored");
    const after = await tenantBillingRow(t.id);
    expect(after.billing_status).toBe("past_due");
    expect(after.billing_grace_ends_at!.getTime()).toBe((t0 + 30) * 1000 + 7 * 86_400_000);
  });

  it("a subscription deleted stays canceled; events of another subscription are ignored", async () => {
    const { t, sub } = await billedTenant("Canceller");
    const t0 = Math.floor(Date.now() / 1000) + 5;
    expect((await (await deliver(event("customer.subscription.deleted", { ...sub, status: "canceled" }, t0))).json()).outcome).toBe("applied");
    expect((await (await deliver(event("customer.subscription.updated", { ...sub, status: "active" }, t0))).json()).outcome).toBe("ignored");
    expect((await (await deliver(event("customer.subscription.updated", { ...sub, id: "sub_other", status: "active" }, t0 + 9))).json()).outcome).toBe("ignored");
    expect((await tenantBillingRow(t.id)).billing_status).toBe("canceled");
    const rows = await recentWebhookEvents(3);
    expect(rows[0]).toMatchObject({ type: "customer.subscription.updated", outcome: "ignored", error: "not the tenant's current subscription", tenantId: t.id });
  });
});

describe("the rest of the rules (tenantry_apply_stripe_event)", () => {
  const eventRow = async (id: string) =>
    (await sql<{ outcome: string; error: string | null; tenant_id: string | null; deliveries: number }>("SELECT outcome, error, tenant_id, deliveries FROM stripe_events WHERE id = $1", [id]))[0];
  const invoice = (stored: unknown, subscription?: string) => {
    const sub = stored as { id: string; customer: unknown };
    return { id: `in_${++seq}`, object: "invoice", customer: sub.customer, subscription: subscription ?? sub.id };
  };

  it("an event for a customer no tenant has is stored as ignored and changes nothing", async () => {
    const { sub } = await billedTenant("Someone Else's Customer");
    const id = `evt_nocust_${++seq}`;
    const r = await deliver(event("customer.subscription.updated", { ...sub, customer: "cus_nobody_here", status: "past_due" }, Math.floor(Date.now() / 1000) + 1, id));
    expect(r.status).toBe(200);
    expect((await r.json()).outcome).toBe("ignored");
    expect(await eventRow(id)).toEqual({ outcome: "ignored", error: "no tenant has this customer", tenant_id: null, deliveries: 1 });
  });

  it("an invoice of another subscription is ignored: the tenant's status stays", async () => {
    const { t, sub } = await billedTenant("Other Invoice");
    const id = `evt_otherinv_${++seq}`;
    const r = await deliver(event("invoice.payment_failed", invoice(sub, "sub_not_the_tenants"), Math.floor(Date.now() / 1000) + 1, id));
    expect((await r.json()).outcome).toBe("ignored");
    expect(await eventRow(id)).toMatchObject({ outcome: "ignored", error: "an invoice of another subscription", tenant_id: t.id });
    const row = await tenantBillingRow(t.id);
    expect({ status: row.billing_status, grace: row.billing_grace_ends_at }).toEqual({ status: "active", grace: null });
  });

  it("a canceled subscription the tenant never had does not cancel it", async () => {
    const { t, sub } = await billedTenant("Never Subscribed");
    await sql("UPDATE tenants SET stripe_subscription_id = NULL WHERE id = $1", [t.id]);
    const id = `evt_nevers_${++seq}`;
    const r = await deliver(event("customer.subscription.deleted", { ...sub, id: "sub_stranger", status: "canceled" }, Math.floor(Date.now() / 1000) + 1, id));
    expect((await r.json()).outcome).toBe("ignored");
    expect(await eventRow(id)).toMatchObject({ outcome: "ignored", error: "a canceled subscription the tenant never had" });
    const row = await tenantBillingRow(t.id);
    expect({ status: row.billing_status, subscription: row.stripe_subscription_id }).toEqual({ status: "active", subscription: null });
  });

  it("an invoice that changes nothing is applied as 'no change' and still fences off older events", async () => {
    const { t, sub } = await billedTenant("Paid Already");
    const t0 = Math.floor(Date.now() / 1000) + 5;
    const id = `evt_nochange_${++seq}`;
    const r = await deliver(event("invoice.paid", invoice(sub), t0, id));
    expect((await r.json()).outcome).toBe("applied");
    expect(await eventRow(id)).toMatchObject({ outcome: "applied", error: "no change: already active" });
    const row = await tenantBillingRow(t.id);
    expect({ status: row.billing_status, at: row.billing_state_at?.getTime() }).toEqual({ status: "active", at: t0 * 1000 });
    expect(await sql("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'billing.status_changed'", [t.id])).toHaveLength(0);
    // A failure from before that invoice arrives late: it cannot start dunning.
    expect((await (await deliver(event("invoice.payment_failed", invoice(sub), t0 - 3))).json()).outcome).toBe("ignored");
    expect((await tenantBillingRow(t.id)).billing_status).toBe("active");
  });

  it("past_due → unpaid keeps the grace period that past_due started, and is audited", async () => {
    const { t, sub } = await billedTenant("Deeper In Debt");
    const t0 = Math.floor(Date.now() / 1000) + 5;
    await deliver(event("customer.subscription.updated", { ...sub, status: "past_due" }, t0));
    const id = `evt_unpaid_${++seq}`;
    expect((await (await deliver(event("customer.subscription.updated", { ...sub, status: "unpaid" }, t0 + 3_600, id))).json()).outcome).toBe("applied");
    const row = await tenantBillingRow(t.id);
    expect({ status: row.billing_status, grace: row.billing_grace_ends_at?.getTime() }).toEqual({ status: "unpaid", grace: t0 * 1000 + 7 * 86_400_000 });
    const audits = await sql<{ data: Record<string, unknown> }>(
      "SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'billing.status_changed' ORDER BY id",
      [t.id],
    );
    expect(audits.map((a) => [a.data.from, a.data.to])).toEqual([["active", "past_due"], ["past_due", "unpaid"]]);
    expect(audits[1].data).toMatchObject({ event: id, grace_ends_at: row.billing_grace_ends_at!.toISOString() });
  });

  it("a subscription event stored as failed is applied when Stripe delivers it again", async () => {
    const { t, sub } = await billedTenant("Failed Before");
    const id = `evt_failedsub_${++seq}`;
    const payload = event("customer.subscription.updated", { ...sub, status: "past_due" }, Math.floor(Date.now() / 1000) + 1, id);
    // What a delivery that failed half-way leaves behind: the event stored as failed, nothing applied.
    await sql("INSERT INTO stripe_events (id, type, created, payload, outcome, error) VALUES ($1, 'customer.subscription.updated', now(), $2::jsonb, 'failed', 'connection lost')", [id, payload]);
    const r = await deliver(payload);
    expect((await r.json()).outcome).toBe("applied");
    expect(await eventRow(id)).toEqual({ outcome: "applied", error: null, tenant_id: t.id, deliveries: 2 });
    expect((await tenantBillingRow(t.id)).billing_status).toBe("past_due");
    // And a further delivery is a duplicate.
    expect((await (await deliver(payload)).json()).outcome).toBe("duplicate");
  });
});

describe("a checkout completion goes through the same status rules", () => {
  it("a tenant in dunning that pays through Checkout is active again, the grace period cleared and the change audited", async () => {
    const { t, row, sub: old } = await billedTenant("Checkout Out Of Dunning", "free");
    const t0 = Math.floor(Date.now() / 1000) + 5;
    await deliver(event("customer.subscription.updated", { ...(old as object), status: "past_due" }, t0));
    expect((await tenantBillingRow(t.id)).billing_status).toBe("past_due");
    const pro = (await catalogue()).find((r) => r.planId === "pro")!;
    const sub = await stripeFor(d).subscriptions.create({ customer: row.stripe_customer_id!, items: [{ price: pro.basePriceId! }] });
    const id = `evt_checkout_dunning_${++seq}`;
    const session = { id: "cs_test_dunning", object: "checkout.session", mode: "subscription", subscription: sub.id, customer: row.stripe_customer_id, client_reference_id: t.id, metadata: { tenantry_plan_id: "pro" } };
    expect((await (await deliver(event("checkout.session.completed", session, t0 + 60, id))).json()).outcome).toBe("applied");
    const after = await tenantBillingRow(t.id);
    expect({ status: after.billing_status, grace: after.billing_grace_ends_at, plan: after.plan_id, subscription: after.stripe_subscription_id }).toEqual({
      status: "active",
      grace: null,
      plan: "pro",
      subscription: sub.id,
    });
    const audits = await sql<{ data: Record<string, unknown> }>("SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'billing.status_changed' ORDER BY id", [t.id]);
    expect(audits.at(-1)!.data).toEqual({ from: "past_due", to: "active", event: id, event_type: "checkout.session.completed", grace_ends_at: null });
  });
});

describe("dunning", () => {
  it("suspends after the grace period and resumes when paid (actor: billing)", async () => {
    const { t, sub } = await billedTenant("Late Payer");
    const t0 = Math.floor(Date.now() / 1000);
    await deliver(event("invoice.payment_failed", { id: "in_1", object: "invoice", customer: sub.customer, subscription: sub.id }, t0));
    const row = await tenantBillingRow(t.id);
    expect(row.billing_status).toBe("past_due");
    expect((await runDunning()).suspended).not.toContain(t.id); // grace not over yet
    expect((await getTenant(t.id)).status).toBe("active");

    const r = await runDunning(Date.now() + 8 * 86_400_000);
    expect(r.suspended).toContain(t.id);
    expect((await getTenant(t.id)).status).toBe("suspended");
    const [audit] = await sql<{ actor_type: string; actor_label: string }>(
      "SELECT actor_type, actor_label FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.suspended'",
      [t.id],
    );
    expect(audit).toEqual({ actor_type: "system", actor_label: "billing" });

    await deliver(event("invoice.paid", { id: "in_1", object: "invoice", customer: sub.customer, subscription: sub.id }, t0 + 2));
    expect((await getTenant(t.id)).status).toBe("active");
    const after = await tenantBillingRow(t.id);
    expect({ status: after.billing_status, grace: after.billing_grace_ends_at, by: after.billing_suspended_at }).toEqual({ status: "active", grace: null, by: null });
  });

  it("a tenant an admin suspended is not resumed by a payment", async () => {
    const { t, sub } = await billedTenant("Admin Hold");
    const t0 = Math.floor(Date.now() / 1000);
    await deliver(event("invoice.payment_failed", { id: "in_2", object: "invoice", customer: sub.customer, subscription: sub.id }, t0));
    await suspendTenant(t.id, { type: "user", id: "usr_admin", label: "admin@example.com" });
    await deliver(event("invoice.paid", { id: "in_2", object: "invoice", customer: sub.customer, subscription: sub.id }, t0 + 1));
    expect((await tenantBillingRow(t.id)).billing_status).toBe("active");
    expect((await getTenant(t.id)).status).toBe("suspended");
    expect((await runDunning()).resumed).not.toContain(t.id);
  });
});

describe("Checkout and the Billing Portal (the double's hosted pages)", () => {
  it("Upgrade: the Checkout page's Pay button subscribes, the webhooks move the tenant to the plan, the old subscription is canceled", async () => {
    const { t, row } = await billedTenant("Self Upgrader", "free");
    const { url } = await createCheckoutSession(t.id, "pro", { successUrl: "http://app.test/billing?ok=1", cancelUrl: "http://app.test/billing" }, system);
    expect(url).toMatch(new RegExp(`^${d.url}/checkout/cs_test_`));
    const page = await (await fetch(url)).text();
    expect(page).toContain("Pay and subscribe");
    expect(page).toContain('href="http://app.test/billing"');
    const pay = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe("http://app.test/billing?ok=1");

    const after = await tenantBillingRow(t.id);
    expect(after.plan_id).toBe("pro");
    expect(after.stripe_subscription_id).not.toBe(row.stripe_subscription_id);
    expect(after.billing_status).toBe("active");
    expect(Object.keys(after.stripe_item_ids).sort()).toEqual(["api_requests", "base", "egress_bytes", "storage_bytes"]);
    expect((await stripeFor(d).subscriptions.retrieve(row.stripe_subscription_id!)).status).toBe("canceled");
    const audits = await sql<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'billing.%' OR (tenant_id = $1 AND action = 'tenant.updated') ORDER BY id", [t.id]);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["billing.checkout_started", "tenant.updated"]));
  });

  it("refuses an unknown plan, a bad URL, and says so when billing is off", async () => {
    const { t } = await billedTenant("Picky");
    await expect(createCheckoutSession(t.id, "platinum", { successUrl: "http://a.test/", cancelUrl: "http://a.test/" }, system)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(createCheckoutSession(t.id, "enterprise", { successUrl: "javascript:alert(1)", cancelUrl: "http://a.test/" }, system)).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: [{ path: "successUrl", message: expect.any(String) }] },
    });
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    try {
      await expect(createBillingPortalSession(t.id, "http://a.test/", system)).rejects.toMatchObject({ code: "payment_required", message: expect.stringMatching(/STRIPE_SECRET_KEY/) });
    } finally {
      process.env.STRIPE_SECRET_KEY = key;
    }
  });

  it("the Billing Portal lists the tenant's invoices and returns to the app", async () => {
    const { t } = await billedTenant("Invoice Reader");
    const { url } = await createBillingPortalSession(t.id, "http://app.test/portal/billing", system);
    const page = await (await fetch(url)).text();
    expect(page).toMatch(/DBL-\d{4}/);
    expect(page).toContain('href="http://app.test/portal/billing"');
    expect(await sql("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'billing.portal_opened'", [t.id])).toHaveLength(1);
  });
});

describe("billing off", () => {
  it("the webhook route answers a clear error and stores nothing; tenants provision without Stripe", async () => {
    const saved = { key: process.env.STRIPE_SECRET_KEY, secret: process.env.STRIPE_WEBHOOK_SECRET };
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const payload = event("invoice.paid", { id: "in_off" }, Math.floor(Date.now() / 1000), "evt_billing_off");
      const r = await deliver(payload, signed(payload, { secret: WEBHOOK_SECRET }));
      expect(r.status).toBe(409);
      expect((await r.json()).detail).toMatch(/STRIPE_WEBHOOK_SECRET/);
      expect(await storedEvents("evt_billing_off")).toEqual([]);
      const t = await createTenant({ name: "No Billing", isolation: "shared" }, system);
      expect(t.status).toBe("active");
      expect((await tenantBillingRow(t.id)).stripe_customer_id).toBeNull();
    } finally {
      process.env.STRIPE_SECRET_KEY = saved.key;
      process.env.STRIPE_WEBHOOK_SECRET = saved.secret;
    }
  });
});
