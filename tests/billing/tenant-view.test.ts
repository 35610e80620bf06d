// What the Billing screens read: a tenant's billing view (ids, dashboard links, estimate priced by the
// plan from Tenantry's usage, meter-sync state, invoices from Stripe), the connection check, and the
// same reads with billing off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingConfig, checkConnection, meterSyncState, runMeterSync, syncCatalogue, tenantBilling } from "./lib";
import { createTenant } from "@/lib/tenants/service";
import type { RunningDouble } from "../../stripe-double";
import { sql } from "../setup/db";
import { startBilling, stopBilling, system } from "./helpers";

let d: RunningDouble;
beforeAll(async () => {
  d = await startBilling();
  await syncCatalogue(system);
});
afterAll(async () => {
  await stopBilling(d);
});

describe("tenant billing view", () => {
  it("shows ids, links, the estimate from usage, sync state and invoices", async () => {
    const t = await createTenant({ name: "Viewed", isolation: "shared", plan: "pro" }, system);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES ($1, 'api_requests', 250000, $2), ($1, 'egress_bytes', 2000000000, $2)", [t.id, new Date(hour)]);
    await runMeterSync({ tenantIds: [t.id] });
    // The double starts the subscription's period when the tenant is made, after the hour the usage is
    // dated in: start the recorded period at that hour so the estimate must count it.
    await sql("UPDATE tenants SET billing_period_start = $2 WHERE id = $1", [t.id, new Date(hour)]);
    const v = await tenantBilling(t.id);
    expect(v.enabled).toBe(true);
    expect(v.customerId).toMatch(/^cus_/);
    expect(v.links.customer).toBe(`https://dashboard.stripe.com/test/customers/${v.customerId}`);
    expect(v.links.subscription).toBe(`https://dashboard.stripe.com/test/subscriptions/${v.subscriptionId}`);
    expect(v.status).toBe("active");
    expect(v.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now());
    expect(v.estimate).toMatchObject({ currency: "usd", base: 2900 });
    const api = v.estimate!.lines.find((l) => l.metric === "api_requests")!;
    // 1 cent per 1,000 requests; 9 cents per GB of egress.
    expect(api).toMatchObject({ quantity: 250000, amount: 250 });
    expect(v.estimate!.lines.find((l) => l.metric === "egress_bytes")).toMatchObject({ quantity: 2_000_000_000, amount: 18 });
    expect(v.estimate!.total).toBe(2900 + 250 + 18);
    expect(v.meterSync).toMatchObject({ pendingDeltas: 0, lastError: null });
    expect(v.meterSync.lastSyncedAt).toBeInstanceOf(Date);
    expect(v.invoices.length).toBeGreaterThanOrEqual(1);
    expect(v.invoices[0]).toMatchObject({ amountDue: 2900, hostedInvoiceUrl: expect.stringContaining("/invoice/") });
    expect(v.invoicesError).toBeNull();
  });

  it("keeps the rest of the view when Stripe fails to list invoices", async () => {
    const t = await createTenant({ name: "Invoices Down", isolation: "shared" }, system);
    d.double.fail({ path: "/v1/invoices", status: 500, count: 10 });
    const v = await tenantBilling(t.id);
    d.double.clearFailures();
    expect(v.invoices).toEqual([]);
    expect(v.invoicesError).toMatch(/Stripe answered 500/);
    expect(v.customerId).toMatch(/^cus_/);
  });

  it("checks the connection", async () => {
    expect(await checkConnection()).toEqual({ ok: true, accountId: "acct_double", livemode: false });
    const st = await meterSyncState();
    expect(st.lastRunAt).toBeInstanceOf(Date);
    expect(st.lastRun).toMatchObject({ failed: 0 });
  });

  it("with billing off: the view says so, the connection check names the variable", async () => {
    const key = process.env.STRIPE_SECRET_KEY;
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const t = await createTenant({ name: "Unbilled", isolation: "shared" }, system);
      const cfg = billingConfig();
      expect(cfg).toMatchObject({ enabled: false, mode: "off", webhooksEnabled: false });
      expect(cfg.problems.join(" ")).toMatch(/STRIPE_SECRET_KEY.*STRIPE_WEBHOOK_SECRET/s);
      expect(await checkConnection()).toEqual({ ok: false, error: expect.stringMatching(/STRIPE_SECRET_KEY/) });
      const v = await tenantBilling(t.id);
      expect(v).toMatchObject({ enabled: false, customerId: null, status: "none", invoices: [], links: { customer: null } });
      expect(await runMeterSync()).toMatchObject({ sent: 0, queued: 0 });
    } finally {
      process.env.STRIPE_SECRET_KEY = key;
      process.env.STRIPE_WEBHOOK_SECRET = secret;
    }
  });
});
