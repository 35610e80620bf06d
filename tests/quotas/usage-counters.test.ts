// The data plane's automatic meters in memory (lib/quotas/usage.ts): one record per tenant with its
// requests and bytes, written by flushUsage under the month they were served in, and counted in a
// reload while they are neither pending nor in the database yet.
import { describe, expect, it } from "vitest";
import { clearUsageCache, countRequest, flushUsage, loadUsage, startUsageFlusher, stopUsageFlusher } from "../../lib/quotas/usage";
import { periodOf } from "../../lib/quotas/period";
import { createTenant } from "../../lib/tenants/service";
import { sql } from "../setup/db";

const actor = { type: "system", label: "usage counters test" } as const;

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
    await loadUsage(t.id, now);
    for (let i = 0; i < 5; i++) countRequest(t.id, now, 100);
    await flushUsage(now);
    expect((await rows(t.id)).map((r) => [r.metric, r.value])).toEqual([
      ["api_requests", 5],
      ["egress_bytes", 500],
    ]);
    countRequest(t.id, now, 7); // pending, not yet written
    clearUsageCache();
    const u = await loadUsage(t.id, now);
    expect([u.sums.get("api_requests"), u.sums.get("egress_bytes")]).toEqual([6, 507]);
    await flushUsage(now);
    clearUsageCache();
    const again = await loadUsage(t.id, now);
    expect([again.sums.get("api_requests"), again.sums.get("egress_bytes")]).toEqual([6, 507]);
  });

  it("the background loop refreshes often but flushes only every flush interval, and stopping flushes what is left", async () => {
    const t = await createTenant({ name: "Counters Loop", slug: "counters-loop", plan: "pro", isolation: "shared" }, actor);
    await loadUsage(t.id);
    startUsageFlusher(3_000, 100);
    try {
      countRequest(t.id, Date.now(), 10);
      await new Promise((ok) => setTimeout(ok, 600)); // several refresh ticks, no flush yet
      expect(await rows(t.id)).toEqual([]);
      await expect.poll(async () => (await rows(t.id)).length, { timeout: 10_000, interval: 100 }).toBe(2);
      countRequest(t.id, Date.now(), 5);
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
    countRequest(t.id, late, 10);
    countRequest(t.id, late, 10);
    countRequest(t.id, now, 3);
    await flushUsage(now);
    const written = (await rows(t.id)).map((r) => [r.metric, r.value, r.occurred_at.getTime() < thisMonth.start ? "last" : "this"]);
    expect(written).toEqual([
      ["api_requests", 2, "last"],
      ["egress_bytes", 20, "last"],
      ["api_requests", 1, "this"],
      ["egress_bytes", 3, "this"],
    ]);
    expect((await rows(t.id))[0].occurred_at.getTime()).toBe(lastMonth.start);
  });
});
