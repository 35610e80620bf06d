// The dashboard's lists on the real database: top tenants this month (deleted ones left out) and
// tenants at or above 80 % of a finite quota (unlimited ones never), plus the demo history's shape.
import { describe, expect, it } from "vitest";
import { tenantsNearQuota, topTenantsThisMonth } from "../../lib/metering/leaders";
import { demoUsageRows } from "../../lib/metering/demo-history";
import { createTenant, deleteTenant, updateTenant } from "../../lib/tenants/service";
import { writeEvents } from "../../lib/metering/writer";

/** Rows straight into usage_events through the ingest writer (what the data plane does). */
const insertCounts = (rows: { tenantId: string; metric: string; value: number; occurredAt: Date }[]) =>
  writeEvents(rows.map((r) => ({ ...r, occurredAt: r.occurredAt.getTime(), idempotencyKey: null })));
import { periodOf } from "../../lib/quotas/period";

const actor = { type: "system", label: "leaders test" } as const;
const at = () => new Date(Date.now() - 60_000);

describe("dashboard leaders", () => {
  it("ranks this month's API requests, leaving deleted tenants out", async () => {
    const big = await createTenant({ name: "Leader Big", slug: "leader-big", plan: "enterprise", isolation: "shared" }, actor);
    const small = await createTenant({ name: "Leader Small", slug: "leader-small", plan: "enterprise", isolation: "shared" }, actor);
    const gone = await createTenant({ name: "Leader Gone", slug: "leader-gone", plan: "enterprise", isolation: "shared" }, actor);
    await insertCounts([
      { tenantId: big.id, metric: "api_requests", value: 9e12, occurredAt: at() },
      { tenantId: small.id, metric: "api_requests", value: 8e12, occurredAt: at() },
      { tenantId: gone.id, metric: "api_requests", value: 1e13, occurredAt: at() },
      // Last month does not count this month.
      { tenantId: small.id, metric: "api_requests", value: 5e12, occurredAt: new Date(periodOf().start - 1000) },
    ]);
    await deleteTenant(gone.id, actor);
    const top = await topTenantsThisMonth("api_requests", 2);
    expect(top.map((t) => [t.slug, t.value])).toEqual([
      ["leader-big", 9e12],
      ["leader-small", 8e12],
    ]);
  });

  it("lists tenants at or above the threshold of a finite quota, highest share first", async () => {
    const near = await createTenant({ name: "Near Quota", slug: "near-quota", plan: "free", isolation: "shared" }, actor);
    const over = await createTenant({ name: "Over Quota", slug: "over-quota", plan: "free", isolation: "shared" }, actor);
    const under = await createTenant({ name: "Under Quota", slug: "under-quota", plan: "free", isolation: "shared" }, actor);
    const unlimited = await createTenant({ name: "No Quota", slug: "no-quota", plan: "free", isolation: "shared" }, actor);
    await updateTenant(near.id, { quotas: { api_requests_per_month: 1000 } }, actor);
    await updateTenant(over.id, { quotas: { storage_bytes: 1000 } }, actor);
    await updateTenant(under.id, { quotas: { api_requests_per_month: 1000 } }, actor);
    await updateTenant(unlimited.id, { quotas: { api_requests_per_month: null } }, actor);
    await insertCounts([
      { tenantId: near.id, metric: "api_requests", value: 800, occurredAt: at() },
      // A gauge counts its latest level, not the sum of its reports.
      { tenantId: over.id, metric: "storage_bytes", value: 5000, occurredAt: new Date(Date.now() - 120_000) },
      { tenantId: over.id, metric: "storage_bytes", value: 1500, occurredAt: at() },
      { tenantId: under.id, metric: "api_requests", value: 799, occurredAt: at() },
      { tenantId: unlimited.id, metric: "api_requests", value: 1e9, occurredAt: at() },
    ]);
    const list = (await tenantsNearQuota(0.8, 100)).filter((n) => ["near-quota", "over-quota", "under-quota", "no-quota"].includes(n.slug));
    expect(list.map((n) => [n.slug, n.quota, n.used, n.limit])).toEqual([
      ["over-quota", "storage_bytes", 1500, 1000],
      ["near-quota", "api_requests_per_month", 800, 1000],
    ]);
  });
});

describe("demo usage history", () => {
  it("writes every metric hourly for 90 days and aims a tenant's month at its target", () => {
    const now = Date.UTC(2026, 10, 23, 14, 30);
    const rows = demoUsageRows(
      [{ tenantId: "ten_demo", requestsPerHour: 10, requestsThisMonth: 8700, fileStorage: [1, 2], peakConnections: 5 }],
      90,
      now,
    );
    expect(rows).toHaveLength(90 * 24 * 6);
    expect(rows.some((r) => r.metric === "storage_bytes")).toBe(false);
    const monthStart = Date.UTC(2026, 10, 1);
    const month = rows.filter((r) => r.metric === "api_requests" && r.occurredAt >= monthStart).reduce((s, r) => s + r.value, 0);
    expect(Math.abs(month - 8700)).toBeLessThan(300);
    expect(rows.every((r) => r.occurredAt < now && Number.isFinite(r.value) && r.value >= 0)).toBe(true);
  });
});

describe("demo usage history on the database", () => {
  it("lands in daily partitions (not DEFAULT) within seconds and reads back through the read contract", async () => {
    const { seedDemoUsage } = await import("../../lib/metering/demo-history");
    const { tenantUsage } = await import("../../lib/metering/read");
    const { sql } = await import("../setup/db");
    const t = await createTenant({ name: "Demo History", slug: "demo-history", plan: "free", isolation: "shared" }, actor);
    const started = performance.now();
    const n = await seedDemoUsage([{ tenantId: t.id, requestsPerHour: 5, fileStorage: [1, 2], peakConnections: 3 }], 90);
    const ms = performance.now() - started;
    expect(n).toBe(90 * 24 * 6);
    expect(ms).toBeLessThan(20_000);
    const [stray] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM usage_events_default WHERE tenant_id = $1", [t.id]);
    expect(stray.n).toBe(0);
    const [stored] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1", [t.id]);
    expect(stored.n).toBe(n);
    const now = Date.now();
    const r = await tenantUsage(t.id, { from: now - 90 * 24 * 3_600_000, to: now, granularity: "day" }, ["write_ops"]);
    expect(r.series[0].points.length).toBeGreaterThanOrEqual(90);
    console.log(`[demo history] ${n} rows in ${Math.round(ms)} ms`);
  });
});
