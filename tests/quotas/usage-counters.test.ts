// The data plane's automatic meters in memory (lib/quotas/usage.ts): one meter per tenant and period
// with its requests and bytes, written by flushUsage under the month they were served in, and counted
// in a reload while they are neither pending nor in the database yet.
import { describe, expect, it } from "vitest";
import { clearUsageCache, countRequest, flushUsage, loadUsage, refreshUsage, usageCached, startUsageFlusher, stopUsageFlusher, usedOf, type PeriodUsage } from "../../lib/quotas/usage";
import { periodOf } from "../../lib/quotas/period";
import { createTenant } from "../../lib/tenants/service";
import { sql } from "../setup/db";

const used = (u: PeriodUsage) => [usedOf(u, "api_requests"), usedOf(u, "egress_bytes")];

const actor = { type: "system", label: "usage counters test" } as const;

const suffix = (id: string) => id.replace(/[^a-z0-9]/gi, "").slice(0, 20).toLowerCase();

async function rows(tenantId: string) {
  return sql<{ metric: string; value: number; occurred_at: Date }>(
    "SELECT metric, value::float8 AS value, occurred_at FROM usage_events WHERE tenant_id = $1 ORDER BY occurred_at, metric",
    [tenantId],
  );
}

describe("automatic meters", () => {
  it("writes one row per meter per flush, and a reload counts what was served since", async () => {
    const t = await createTenant({ name: "Counters", slug: "counters-flush", plan: "pro", isolation: "shared" }, actor);
    const now = Date.now();
    const first = await loadUsage(t.id, now);
    for (let i = 0; i < 5; i++) countRequest(first, 100);
    await flushUsage(now);
    expect((await rows(t.id)).map((r) => [r.metric, r.value])).toEqual([
      ["api_requests", 5],
      ["egress_bytes", 500],
    ]);
    countRequest(first, 7); // pending, not yet written
    expect(used(first)).toEqual([6, 507]);
    clearUsageCache();
    const u = await loadUsage(t.id, now);
    expect(used(u)).toEqual([6, 507]);
    await flushUsage(now);
    clearUsageCache();
    const again = await loadUsage(t.id, now);
    expect(used(again)).toEqual([6, 507]);
  });

  it("the background loop refreshes often but flushes only every flush interval, and stopping flushes what is left", async () => {
    const t = await createTenant({ name: "Counters Loop", slug: "counters-loop", plan: "pro", isolation: "shared" }, actor);
    const u = await loadUsage(t.id);
    startUsageFlusher(3_000, 100);
    try {
      countRequest(u, 10);
      await new Promise((ok) => setTimeout(ok, 600)); // several refresh ticks, no flush yet
      expect(await rows(t.id)).toEqual([]);
      await expect.poll(async () => (await rows(t.id)).length, { timeout: 10_000, interval: 100 }).toBe(2);
      countRequest(u, 5);
    } finally {
      await stopUsageFlusher();
    }
    const written = await rows(t.id);
    expect(written.filter((r) => r.metric === "api_requests").map((r) => r.value)).toEqual([1, 1]);
  });

  it("writes last month's remainder under last month when a request crosses the boundary", async () => {
    const t = await createTenant({ name: "Counters Boundary", slug: "counters-boundary", plan: "pro", isolation: "shared" }, actor);
    const now = Date.now();
    const thisMonth = periodOf(now);
    const lastMonth = periodOf(thisMonth.start - 1);
    const late = thisMonth.start - 60_000; // the last minute of last month
    // A request that began in the last minute of last month holds last month's usage.
    const old = await loadUsage(t.id, late);
    const cur = await loadUsage(t.id, now);
    countRequest(old, 10);
    countRequest(cur, 3);
    countRequest(old, 10); // after this month's first request: still last month's
    await flushUsage(now);
    const written = (await rows(t.id)).map((r) => [r.metric, r.value, r.occurred_at.getTime() < thisMonth.start ? "last" : "this"]);
    expect(written).toEqual([
      ["api_requests", 2, "last"],
      ["egress_bytes", 20, "last"],
      ["api_requests", 1, "this"],
      ["egress_bytes", 3, "this"],
    ]);
    // At last month's last moment, next to when the requests were served (the hourly chart's last hour).
    expect((await rows(t.id))[0].occurred_at.getTime()).toBe(lastMonth.end - 1);
  });

  it("a count on a usage object that a refresh has replaced still counts, in both objects and in the database", async () => {
    const t = await createTenant({ name: "Counters Refresh", slug: "counters-refresh", plan: "pro", isolation: "shared" }, actor);
    const now = Date.now();
    const before = await loadUsage(t.id, now);
    countRequest(before, 4);
    before.usedAt = now + 1; // in use since its load, so the refresh takes it
    expect(await refreshUsage(0, now + 2)).toBeGreaterThanOrEqual(1);
    const refreshed = usageCached(t.id, now + 2)!;
    expect(refreshed).not.toBe(before);
    countRequest(before, 6); // the old object, still held by a request in flight
    expect(used(refreshed)).toEqual([2, 10]);
    clearUsageCache();
    const reloaded = await loadUsage(t.id, now + 3);
    expect(used(reloaded)).toEqual([2, 10]);
    expect(used(before)).toEqual([2, 10]);
    await flushUsage(now + 4);
    expect((await rows(t.id)).map((r) => [r.metric, r.value])).toEqual([
      ["api_requests", 2],
      ["egress_bytes", 10],
    ]);
  });

  it("a failed flush puts the counts back: the next flush writes them once, and usage counted them all along", async () => {
    const t = await createTenant({ name: "Counters Failing", slug: "counters-failing", plan: "pro", isolation: "shared" }, actor);
    const now = Date.now();
    const u = await loadUsage(t.id, now);
    countRequest(u, 50);
    // A real failed INSERT: a trigger refuses this tenant's rows until it is dropped.
    await sql(`CREATE FUNCTION refuse_usage_${suffix(t.id)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.tenant_id = '${t.id}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await sql(`CREATE TRIGGER refuse_usage_${suffix(t.id)} BEFORE INSERT ON usage_events FOR EACH ROW EXECUTE FUNCTION refuse_usage_${suffix(t.id)}()`);
    try {
      await expect(flushUsage(now)).rejects.toThrow(/refused for the test/);
      countRequest(u, 25); // counted while the failed write was out
      clearUsageCache();
      expect(used(await loadUsage(t.id, now))).toEqual([2, 75]);
    } finally {
      await sql(`DROP TRIGGER refuse_usage_${suffix(t.id)} ON usage_events`);
      await sql(`DROP FUNCTION refuse_usage_${suffix(t.id)}()`);
    }
    expect(await rows(t.id)).toEqual([]);
    await flushUsage(now);
    expect((await rows(t.id)).map((r) => [r.metric, r.value])).toEqual([
      ["api_requests", 2],
      ["egress_bytes", 75],
    ]);
    clearUsageCache();
    expect(used(await loadUsage(t.id, now))).toEqual([2, 75]);
  });

  it("last month's meter is written once after the boundary, kept for one more flush, then dropped", async () => {
    const t = await createTenant({ name: "Counters Retired", slug: "counters-retired", plan: "pro", isolation: "shared" }, actor);
    const now = Date.now();
    const late = periodOf(now).start - 1;
    const old = await loadUsage(t.id, late);
    await loadUsage(t.id, now);
    countRequest(old, 1);
    await flushUsage(now);
    countRequest(old, 2); // a request that began before the boundary, ending a flush later: still written
    await flushUsage(now);
    await flushUsage(now); // nothing left: the meter goes
    countRequest(old, 4); // too late: no longer written
    await flushUsage(now);
    const written = (await rows(t.id)).filter((r) => r.metric === "egress_bytes").map((r) => r.value);
    expect(written.sort((a, b) => a - b)).toEqual([1, 2]);
  });
});
