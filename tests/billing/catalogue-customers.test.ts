// Catalogue sync (idempotent; a price change makes a new Stripe price and archives the old), the
// resumable customer/subscription step of provisioning, and plan changes that move the subscription
// in Stripe first — all with the real SDK against the Stripe double.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue, createCheckoutSession, setPlanPricing, syncAll, syncCatalogue, tenantBillingRow } from "./lib";
import { createTenant, getTenant, provisionTenant, updateTenant } from "@/lib/tenants/service";
import type { RunningDouble } from "../../stripe-double";
import { sql } from "../setup/db";
import { startBilling, stopBilling, stripeFor, system } from "./helpers";

let d: RunningDouble;
beforeAll(async () => {
  d = await startBilling();
});
afterAll(async () => {
  await sql("DROP TRIGGER IF EXISTS billing_test_crash ON tenants");
  await stopBilling(d);
});

describe("catalogue sync", () => {
  it("before a sync every priced plan shows what is missing", async () => {
    const rows = await catalogue();
    const pro = rows.find((r) => r.planId === "pro")!;
    expect(pro.synced).toBe(false);
    expect(pro.drift).toContain("No Stripe product yet.");
    expect(pro.metered.map((m) => m.metric).sort()).toEqual(["api_requests", "egress_bytes", "storage_bytes"]);
  });

  it("creates products, base prices, meters and metered prices; a second run changes nothing", async () => {
    const first = await syncCatalogue(system);
    expect(first.archived).toEqual([]);
    expect(first.created.filter((c) => c.startsWith("meter "))).toHaveLength(3);
    expect(first.created.filter((c) => c.startsWith("product "))).toHaveLength(3);
    const counts = d.state().counts;
    expect(counts).toMatchObject({ products: 3, meters: 3, prices: 3 + 6, active_prices: 9 });

    const second = await syncCatalogue(system);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.archived).toEqual([]);
    expect(second.unchanged.length).toBeGreaterThan(0);
    expect(d.state().counts).toEqual(counts);

    const rows = await catalogue();
    for (const r of rows) expect({ plan: r.planId, synced: r.synced, drift: r.drift }).toEqual({ plan: r.planId, synced: true, drift: [] });
    // 25 cents per GB of storage is 0.000000025 cents per byte: Stripe's unit_amount_decimal.
    const pro = rows.find((r) => r.planId === "pro")!;
    const storage = pro.metered.find((m) => m.metric === "storage_bytes")!;
    const price = await stripeFor(d).prices.retrieve(storage.priceId!);
    expect(String(price.unit_amount_decimal)).toBe("0.000000025");
    expect(price.recurring?.meter).toBe(storage.meterId);
  });

  it("a price edited in Tenantry makes a new Stripe price and archives the old one", async () => {
    const before = (await catalogue()).find((r) => r.planId === "pro")!;
    await setPlanPricing("pro", { base_amount: 3900, currency: "usd", metrics: { api_requests: { unit_amount: 2, per_units: 1000 } } }, system);
    const drift = (await catalogue()).find((r) => r.planId === "pro")!;
    expect(drift.synced).toBe(false);
    expect(drift.drift.join(" ")).toMatch(/Base price changed: Stripe has 2900 usd month, Tenantry 3900 usd month/);

    const r = await syncCatalogue(system);
    expect(r.created).toHaveLength(2);
    expect(r.archived).toEqual([`price pro base (${before.basePriceId})`, `price pro api_requests (${before.metered[0].priceId})`]);
    const s = stripeFor(d);
    expect((await s.prices.retrieve(before.basePriceId!)).active).toBe(false);
    const after = (await catalogue()).find((r) => r.planId === "pro")!;
    const base = await s.prices.retrieve(after.basePriceId!);
    expect({ active: base.active, amount: base.unit_amount, product: base.product }).toEqual({ active: true, amount: 3900, product: before.productId });
    expect((await syncCatalogue(system)).created).toEqual([]);
  });

  it("refuses bad pricing with per-field errors and changes nothing", async () => {
    await expect(setPlanPricing("pro", { base_amount: -1, currency: "dollars", metrics: { read_ops: { unit_amount: 1 } } }, system)).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: expect.arrayContaining([expect.objectContaining({ path: "base_amount" }), expect.objectContaining({ path: "currency" })]) },
    });
    const [row] = await sql<{ billing_base_amount: number }>("SELECT billing_base_amount FROM plans WHERE id = 'pro'");
    expect(row.billing_base_amount).toBe(3900);
  });
});

describe("customers and subscriptions", () => {
  it("a new tenant gets a customer and a subscription to its plan's prices", async () => {
    const t = await createTenant({ name: "Billed Co", isolation: "shared", plan: "pro" }, system);
    expect(t.status).toBe("active");
    const row = await tenantBillingRow(t.id);
    expect(row.stripe_customer_id).toMatch(/^cus_/);
    const sub = await stripeFor(d).subscriptions.retrieve(row.stripe_subscription_id!);
    const pro = (await catalogue()).find((r) => r.planId === "pro")!;
    expect(sub.items.data.map((i) => i.price.id).sort()).toEqual([pro.basePriceId, ...pro.metered.map((m) => m.priceId)].sort());
    expect(row.billing_status).toBe("active");
    expect(Object.keys(row.stripe_item_ids).sort()).toEqual(["api_requests", "base", "egress_bytes", "storage_bytes"]);
    // Both steps are audited, by the billing actor, with what Stripe made.
    const audits = await sql<{ action: string; actor_label: string; data: Record<string, unknown> }>(
      "SELECT action, actor_label, data FROM audit_log WHERE tenant_id = $1 AND action LIKE 'billing.%' ORDER BY id",
      [t.id],
    );
    expect(audits).toEqual([
      { action: "billing.customer_created", actor_label: "billing", data: { customer: row.stripe_customer_id } },
      { action: "billing.subscription_created", actor_label: "billing", data: { subscription: row.stripe_subscription_id, plan: "pro", status: "active" } },
    ]);
  });

  it("a crash after Stripe made the customer but before Tenantry recorded it: the retry reuses that customer", async () => {
    const t = await createTenant({ name: "Crash After Create", isolation: "shared" }, system, { provision: false });
    // The write of the customer id fails (as a process killed at that moment would never make it).
    await sql(`CREATE OR REPLACE FUNCTION billing_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.stripe_customer_id IS DISTINCT FROM OLD.stripe_customer_id THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
    await sql(`CREATE TRIGGER billing_test_crash BEFORE UPDATE ON tenants FOR EACH ROW WHEN (NEW.id = '${t.id}') EXECUTE FUNCTION billing_test_crash()`);
    await expect(provisionTenant(t.id)).rejects.toThrow(/simulated crash/);
    expect((await getTenant(t.id)).status).toBe("provisioning");
    const customers = () => [...d.double.state.customers.values()].filter((c) => (c.metadata as Record<string, string>).tenantry_tenant_id === t.id);
    expect(customers()).toHaveLength(1);
    const customerAudits = () => sql("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'billing.customer_created'", [t.id]);
    expect(await customerAudits(), "the audit entry went down with the failed write").toHaveLength(0);

    await sql("DROP TRIGGER billing_test_crash ON tenants");
    await provisionTenant(t.id);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(customers()).toHaveLength(1);
    expect((await tenantBillingRow(t.id)).stripe_customer_id).toBe(customers()[0].id);
    expect(await customerAudits()).toHaveLength(1);
  });

  it("Stripe down during provisioning: the tenant waits in provisioning with the reason, and a retry finishes it once", async () => {
    d.double.fail({ path: "/v1/customers", status: 500, count: 20 });
    const t = await createTenant({ name: "Stripe Down", isolation: "shared" }, system);
    expect(t.status).toBe("provisioning");
    expect(t.provisioning_error).toMatch(/Stripe answered 500/);
    d.double.reset(); // also clears the failures — and the state: sync again
    await resetStripeIdsOnly();
    await syncCatalogue(system);
    await provisionTenant(t.id);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(d.state().counts.customers).toBe(1);
  });

  it("stripe:sync backfills customers and subscriptions for tenants made while billing was off", async () => {
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    const t = await createTenant({ name: "Before Billing", isolation: "shared" }, system);
    process.env.STRIPE_SECRET_KEY = key;
    expect((await tenantBillingRow(t.id)).stripe_customer_id).toBeNull();
    const r = await syncAll(system);
    expect(r.errors).toEqual([]);
    expect(r.customersCreated).toBeGreaterThanOrEqual(1);
    const row = await tenantBillingRow(t.id);
    expect(row.stripe_customer_id).toMatch(/^cus_/);
    expect(row.stripe_subscription_id).toMatch(/^sub_/);
    const again = await syncAll(system);
    expect({ c: again.customersCreated, s: again.subscriptionsCreated, created: again.created }).toEqual({ c: 0, s: 0, created: [] });
  });
});

describe("plan changes", () => {
  it("move the subscription's items to the new plan's prices", async () => {
    const t = await createTenant({ name: "Upgrader", isolation: "shared", plan: "free" }, system);
    const before = await tenantBillingRow(t.id);
    expect(Object.keys(before.stripe_item_ids)).toEqual(["base"]);
    const updated = await updateTenant(t.id, { plan: "enterprise" }, system);
    expect(updated.plan).toBe("enterprise");
    const ent = (await catalogue()).find((r) => r.planId === "enterprise")!;
    const sub = await stripeFor(d).subscriptions.retrieve(before.stripe_subscription_id!);
    expect(sub.items.data.map((i) => i.price.id).sort()).toEqual([ent.basePriceId, ...ent.metered.map((m) => m.priceId)].sort());
    const after = await tenantBillingRow(t.id);
    expect(after.stripe_item_ids.base).toBe(before.stripe_item_ids.base);
    expect(Object.keys(after.stripe_item_ids).sort()).toEqual(["api_requests", "base", "egress_bytes", "storage_bytes"]);

    // Back down: the metered items go.
    await updateTenant(t.id, { plan: "free" }, system);
    const down = await stripeFor(d).subscriptions.retrieve(before.stripe_subscription_id!);
    expect(down.items.data).toHaveLength(1);
  });

  it("a Stripe error leaves the plan unchanged and says why", async () => {
    const t = await createTenant({ name: "Refused Upgrade", isolation: "shared", plan: "free" }, system);
    const row = await tenantBillingRow(t.id);
    d.double.fail({ path: `/v1/subscriptions/${row.stripe_subscription_id}`, method: "POST", status: 500, count: 10 });
    await expect(updateTenant(t.id, { plan: "pro" }, system)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/Stripe refused the plan change, so the plan is unchanged: Stripe answered 500/),
    });
    expect((await getTenant(t.id)).plan).toBe("free");
    const sub = await stripeFor(d).subscriptions.retrieve(row.stripe_subscription_id!);
    expect(sub.items.data).toHaveLength(1);
    const audit = await sql("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.updated'", [t.id]);
    expect(audit).toHaveLength(0);
  });
});

describe("Checkout for the plan the tenant is on", () => {
  it("refused while it pays for that plan; a tenant made while billing was off gets its customer on the spot", async () => {
    const paying = await createTenant({ name: "Already Pro", isolation: "shared", plan: "pro" }, system);
    const urls = { successUrl: "http://a.test/ok", cancelUrl: "http://a.test/" };
    await expect(createCheckoutSession(paying.id, "pro", urls, system)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/already on the Pro plan/) });
    await sql("UPDATE tenants SET billing_status = 'past_due' WHERE id = $1", [paying.id]);
    expect((await createCheckoutSession(paying.id, "pro", urls, system)).url).toMatch(/\/checkout\/cs_test_/);

    // No customer yet: the checkout makes the customer and the subscription, then sees the tenant paying.
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    const late = await createTenant({ name: "Late Customer", isolation: "shared", plan: "pro" }, system);
    process.env.STRIPE_SECRET_KEY = key;
    expect((await tenantBillingRow(late.id)).stripe_customer_id).toBeNull();
    await expect(createCheckoutSession(late.id, "pro", urls, system)).rejects.toMatchObject({ code: "conflict" });
    expect((await tenantBillingRow(late.id)).stripe_customer_id).toMatch(/^cus_/);
    expect((await createCheckoutSession(late.id, "enterprise", urls, system)).url).toMatch(/\/checkout\/cs_test_/);
  });
});

async function resetStripeIdsOnly() {
  await sql(`UPDATE plans SET stripe_product_id = NULL, stripe_base_price_id = NULL, stripe_base_price_sig = NULL`);
  await sql(`UPDATE billing_plan_prices SET stripe_price_id = NULL, stripe_price_sig = NULL`);
  await sql(`DELETE FROM billing_meters`);
  await sql(`UPDATE tenants SET stripe_customer_id = NULL, stripe_subscription_id = NULL, stripe_item_ids = '{}'`);
}
