// The metering jobs on the real queue (pg-boss): the rollup job runs at start, re-sends itself, and
// keeps the rollups current as events arrive (the storage sampler itself is tested in ingest/storage tests).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMeteringWorkers, ROLLUP_QUEUE } from "../../lib/jobs/metering";
import { stopQueue } from "../../lib/jobs/queue";
import { sql } from "../setup/db";

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("metering jobs", () => {
  beforeAll(async () => {
    process.env.TENANTRY_ROLLUP_INTERVAL_S = "1";
    await startMeteringWorkers();
  });
  afterAll(async () => {
    await stopQueue();
    delete process.env.TENANTRY_ROLLUP_INTERVAL_S;
  });

  it("roll up new events within seconds, run after run", async () => {
    for (const [tenant, value] of [["ten_job_a", 4], ["ten_job_b", 9]] as const) {
      await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES ($1, 'read_ops', $2, now())", [tenant, value]);
      const row = await until(`${tenant} in usage_hourly`, async () => {
        const [r] = await sql<{ sum: number }>("SELECT sum FROM usage_hourly WHERE tenant_id = $1", [tenant]);
        return r;
      });
      expect(row.sum).toBe(value);
    }
    const [{ n }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'", [ROLLUP_QUEUE]);
    expect(n).toBeGreaterThanOrEqual(2);
  });
});
