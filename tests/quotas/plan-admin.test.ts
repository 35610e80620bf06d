// Plan editing: validation, audit, and the change reaching every instance's caches (a `plans` notice).
import { afterAll, describe, expect, it } from "vitest";
import { changeListenerConnected, startChangeListener, stopChangeListener } from "../../lib/db/changes";
import { effectiveQuotas } from "../../lib/quotas/effective";
import { updatePlan } from "../../lib/quotas/plan-admin";
import { loadTenantLimits, tenantLimitsCached } from "../../lib/quotas/tenant-limits";
import { createTenant } from "../../lib/tenants/service";
import { sql } from "../setup/db";

const actor = { type: "system", label: "plans test" } as const;

afterAll(async () => {
  await updatePlan("pro", { name: "Pro", quotas: { api_requests_per_month: 1_000_000, requests_per_second: 10_000 } }, actor);
  await stopChangeListener();
});

describe("updatePlan", () => {
  it("changes quotas (null = unlimited), audits, and leaves other columns alone", async () => {
    const p = await updatePlan("pro", { name: "Pro Plus", quotas: { api_requests_per_month: null, requests_per_second: 42 } }, actor);
    expect(p).toMatchObject({ id: "pro", name: "Pro Plus" });
    expect(p.quotas).toEqual({
      api_requests_per_month: null,
      storage_bytes: 107374182400,
      file_storage_bytes: 107374182400,
      realtime_connections: 10000,
      requests_per_second: 42,
    });
    const [audit] = await sql<{ action: string; data: { plan: string } }>("SELECT action, data FROM audit_log WHERE action = 'plan.updated' ORDER BY id DESC LIMIT 1");
    expect(audit.data.plan).toBe("pro");
  });

  it("rejects unknown plans, unknown quotas and bad values", async () => {
    await expect(updatePlan("platinum", { quotas: { storage_bytes: 1 } }, actor)).rejects.toMatchObject({ code: "not_found" });
    const bad = updatePlan("pro", { quotas: { storage_bytes: -1, bogus: 3 } }, actor);
    await expect(bad).rejects.toMatchObject({ code: "invalid_request" });
    await expect(updatePlan("pro", { quotas: { requests_per_second: 1.5 } }, actor)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(updatePlan("pro", { quotas: { requests_per_second: 3_000_000_000 } }, actor)).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: [{ path: "quotas.requests_per_second", message: expect.any(String) }] },
    });
    await expect(updatePlan("pro", { name: "" }, actor)).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("drops cached tenant limits on another instance when a plan changes there", async () => {
    await startChangeListener();
    const end = Date.now() + 5000;
    while (!changeListenerConnected() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const t = await createTenant({ name: "Plan Cache", slug: "plan-cache", plan: "pro", isolation: "shared" }, actor);
    await loadTenantLimits(t.id);
    expect(tenantLimitsCached(t.id)).toBeTruthy();
    // Another instance's edit: a row change and a notice on a connection that is not ours.
    await sql("UPDATE plans SET requests_per_second = 7 WHERE id = 'pro'");
    await sql(`SELECT pg_notify('tenantry_changes', '{"kind":"plans"}')`);
    while (tenantLimitsCached(t.id) !== undefined && Date.now() < end + 5000) await new Promise((r) => setTimeout(r, 20));
    expect(tenantLimitsCached(t.id)).toBeUndefined();
    expect((await loadTenantLimits(t.id))?.quotas.requests_per_second).toBe(7);
  });
});

describe("effective quotas", () => {
  it("take the override where there is one (null too), else the plan", () => {
    const plan = { apiRequestsPerMonth: 100n, storageBytes: 200n, fileStorageBytes: null, realtimeConnections: 5, requestsPerSecond: 10 };
    expect(effectiveQuotas(plan, { storage_bytes: null, requests_per_second: 3, junk: 1 })).toEqual({
      api_requests_per_month: 100,
      storage_bytes: null,
      file_storage_bytes: null,
      realtime_connections: 5,
      requests_per_second: 3,
    });
    expect(effectiveQuotas(plan, null).api_requests_per_month).toBe(100);
  });
});
