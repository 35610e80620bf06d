// Clearing a tenant's quota override (back to the plan's value) and the per-quota report the Quotas tab
// and the portal overview draw.
import { describe, expect, it } from "vitest";
import { loadTenantLimits, tenantLimitsCached } from "../../lib/quotas/tenant-limits";
import { clearQuotaOverrides, tenantQuotaReport } from "../../lib/quotas/overrides";
import { createTenant, updateTenant } from "../../lib/tenants/service";
import { sql } from "../setup/db";

const actor = { type: "system", label: "overrides test" } as const;

describe("clearQuotaOverrides", () => {
  it("removes only the named overrides, audits, and drops the tenant's cached limits", async () => {
    const t = await createTenant({ name: "Override Clear", slug: "override-clear", plan: "free", isolation: "shared" }, actor);
    await updateTenant(t.id, { quotas: { api_requests_per_month: 5, realtime_connections: null } }, actor);
    const plan = (await tenantQuotaReport(t.id)).rows.find((r) => r.key === "api_requests_per_month")!.plan;
    expect((await loadTenantLimits(t.id))?.quotas.api_requests_per_month).toBe(5);

    await clearQuotaOverrides(t.id, ["api_requests_per_month"], actor);
    expect(tenantLimitsCached(t.id)).toBeUndefined();
    expect((await loadTenantLimits(t.id))?.quotas.api_requests_per_month).toBe(plan);
    const [row] = await sql<{ quota_overrides: unknown }>("SELECT quota_overrides FROM tenants WHERE id = $1", [t.id]);
    expect(row.quota_overrides).toEqual({ realtime_connections: null });
    const [audit] = await sql<{ data: unknown }>("SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.updated' ORDER BY created_at DESC, id DESC LIMIT 1", [t.id]);
    expect(audit.data).toEqual({ quotas_cleared: ["api_requests_per_month"] });
  });

  it("is a no-op (no audit) when there is nothing to clear, and refuses unknown quotas and tenants", async () => {
    const t = await createTenant({ name: "Override Noop", slug: "override-noop", plan: "free", isolation: "shared" }, actor);
    const count = async () => (await sql<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1", [t.id]))[0].n;
    const before = await count();
    await clearQuotaOverrides(t.id, ["storage_bytes"], actor);
    expect(await count()).toBe(before);
    await expect(clearQuotaOverrides(t.id, ["bogus"], actor)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(clearQuotaOverrides(t.id, [], actor)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(clearQuotaOverrides("ten_doesnotexist0000000", ["storage_bytes"], actor)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("concurrent override edits", () => {
  it("keeps both when two edits of different quotas overlap", async () => {
    const t = await createTenant({ name: "Override Race", slug: "override-race", plan: "free", isolation: "shared" }, actor);
    for (let i = 0; i < 5; i++) {
      await Promise.all([
        updateTenant(t.id, { quotas: { api_requests_per_month: 100 + i } }, actor),
        updateTenant(t.id, { quotas: { storage_bytes: 200 + i } }, actor),
        updateTenant(t.id, { quotas: { realtime_connections: 300 + i } }, actor),
      ]);
      const [row] = await sql<{ quota_overrides: unknown }>("SELECT quota_overrides FROM tenants WHERE id = $1", [t.id]);
      expect(row.quota_overrides).toEqual({ api_requests_per_month: 100 + i, storage_bytes: 200 + i, realtime_connections: 300 + i });
    }
  });
});

describe("tenantQuotaReport", () => {
  it("gives plan, override (absent vs unlimited), effective value and usage per quota", async () => {
    const t = await createTenant({ name: "Override Report", slug: "override-report", plan: "pro", isolation: "shared" }, actor);
    await updateTenant(t.id, { quotas: { storage_bytes: null, realtime_connections: 3 } }, actor);
    const r = await tenantQuotaReport(t.id);
    const by = Object.fromEntries(r.rows.map((x) => [x.key, x]));
    expect(by.storage_bytes).toMatchObject({ override: null, effective: null });
    expect(by.realtime_connections).toMatchObject({ override: 3, effective: 3, used: 0 });
    expect(by.api_requests_per_month).toMatchObject({ effective: by.api_requests_per_month.plan, used: 0 });
    expect(by.api_requests_per_month.override).toBeUndefined();
    expect(by.requests_per_second.used).toBeNull();
    expect(new Date(r.periodEnd).getTime()).toBeGreaterThan(new Date(r.periodStart).getTime());
  });
});
