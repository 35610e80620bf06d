// Rollups against raw events: the hourly and daily rollups equal a direct aggregation of usage_events
// (counters and gauges), late events are merged into their old buckets, repeated and concurrent runs
// change nothing, and every read (series by hour and day, totals, top tenants, billing's hourly slices,
// quota totals) gives the same answer as the raw events whatever side of the watermark events are on.
import { beforeAll, describe, expect, it } from "vitest";
import { hourlySlices, periodTotals, platformUsage, tenantUsage, topTenants, type Granularity, type UsageSeriesResult } from "../../lib/metering/read";
import { rollupWatermark, runRollup } from "../../lib/metering/rollup";
import { GAUGES, METRIC_KIND, METRICS, type Metric } from "../../lib/quotas/metrics";
import { sql } from "../setup/db";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const now = Date.now();
let seq = 0;
const tenant = () => `ten_rollup_${process.pid}_${seq++}`;

interface Ev {
  tenant: string;
  metric: Metric;
  value: number;
  at: number;
}

async function insert(events: Ev[]) {
  await sql(
    `INSERT INTO usage_events (tenant_id, metric, value, occurred_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::timestamptz[])`,
    [events.map((e) => e.tenant), events.map((e) => e.metric), events.map((e) => e.value), events.map((e) => new Date(e.at).toISOString())],
  );
}

/** Pseudo-random but reproducible events over the last `days` days, distinct timestamps. */
function events(tenants: string[], n: number, spanMs: number, seed: number): Ev[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => ({
    tenant: tenants[i % tenants.length],
    metric: METRICS[Math.floor(rnd() * METRICS.length)],
    value: Math.floor(rnd() * 1000),
    // Millisecond-distinct, so "the latest event" is never a tie.
    at: now - Math.floor(rnd() * spanMs) - (i % 1000) * 7 - 1,
  }));
}

/** The same read straight from raw events: what lib/metering/read.ts answered before the rollups. */
async function rawSeries(tenantId: string, from: number, to: number, g: Granularity): Promise<UsageSeriesResult> {
  const start = Math.floor(from / (g === "day" ? DAY : HOUR)) * (g === "day" ? DAY : HOUR);
  const r = await sql<{ metric: Metric; t: Date; s: number; mx: number; l: number; lt: Date }>(
    `SELECT metric, date_trunc($1, occurred_at, 'UTC') AS t, sum(value) AS s, max(value) AS mx,
            (array_agg(value ORDER BY occurred_at DESC, id DESC))[1] AS l, max(occurred_at) AS lt
     FROM usage_events WHERE tenant_id = $2 AND occurred_at >= $3 AND occurred_at < $4 GROUP BY 1, 2 ORDER BY 1, 2`,
    [g, tenantId, new Date(start), new Date(to)],
  );
  const by = new Map<Metric, { t: number; value: number }[]>(METRICS.map((m) => [m, []]));
  const totals: Partial<Record<Metric, number>> = {};
  const lastAt = new Map<Metric, number>();
  for (const row of r) {
    const gauge = METRIC_KIND[row.metric] === "gauge";
    by.get(row.metric)!.push({ t: row.t.getTime(), value: Number(gauge ? row.mx : row.s) });
    if (!gauge) totals[row.metric] = (totals[row.metric] ?? 0) + Number(row.s);
    else if (row.lt.getTime() >= (lastAt.get(row.metric) ?? -Infinity)) {
      lastAt.set(row.metric, row.lt.getTime());
      totals[row.metric] = Number(row.l);
    }
  }
  return { tenantId, granularity: g, from: start, to, series: METRICS.map((metric) => ({ metric, points: by.get(metric)! })), totals };
}

async function rollupEqualsRaw(table: "usage_hourly" | "usage_daily", unit: "hour" | "day", tenants: string[]) {
  const fromRollup = await sql(
    `SELECT tenant_id, metric, bucket, sum, max, last, last_at, count::int FROM ${table} WHERE tenant_id = ANY($1) ORDER BY 1, 2, 3`,
    [tenants],
  );
  const fromRaw = await sql(
    `SELECT tenant_id, metric, date_trunc($2, occurred_at, 'UTC') AS bucket, sum(value) AS sum, max(value) AS max,
            CASE WHEN metric = ANY($3) THEN (array_agg(value ORDER BY occurred_at DESC, id DESC))[1] END AS last,
            CASE WHEN metric = ANY($3) THEN max(occurred_at) END AS last_at, count(*)::int AS count
     FROM usage_events WHERE tenant_id = ANY($1) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [tenants, unit, GAUGES],
  );
  expect(fromRollup).toEqual(fromRaw);
  return fromRollup.length;
}

describe("rollups", () => {
  const tenants = [tenant(), tenant(), tenant()];

  beforeAll(async () => {
    await insert(events(tenants, 6000, 30 * DAY, 7));
  });

  it("match the raw events per hour and per day, counters and gauges", async () => {
    const r = await runRollup({ lagMs: 0 });
    expect(r.caughtUp).toBe(true);
    expect(r.events).toBeGreaterThanOrEqual(6000);
    expect(await rollupWatermark()).toBeGreaterThan(now - 60_000);
    expect(await rollupEqualsRaw("usage_hourly", "hour", tenants)).toBeGreaterThan(1000);
    expect(await rollupEqualsRaw("usage_daily", "day", tenants)).toBeGreaterThan(100);
  });

  it("re-aggregate late events into the old buckets they belong to", async () => {
    // Dated 3 to 20 days back, received now: behind the watermark in time, ahead of it in arrival.
    await insert(events(tenants, 500, 17 * DAY, 11).map((e) => ({ ...e, at: e.at - 3 * DAY })));
    // A gauge reading older than the bucket's current last must not replace it; a newer one must.
    const [old] = await sql<{ bucket: Date; last_at: Date }>(
      "SELECT bucket, last_at FROM usage_hourly WHERE tenant_id = $1 AND metric = 'storage_bytes' ORDER BY bucket LIMIT 1",
      [tenants[0]],
    );
    await insert([
      { tenant: tenants[0], metric: "storage_bytes", value: 999_999, at: old.last_at.getTime() - 1 },
      { tenant: tenants[0], metric: "storage_bytes", value: 123_456, at: old.last_at.getTime() + 1 },
    ]);
    await runRollup({ lagMs: 0 });
    await rollupEqualsRaw("usage_hourly", "hour", tenants);
    await rollupEqualsRaw("usage_daily", "day", tenants);
    const [b] = await sql<{ last: number }>("SELECT last FROM usage_hourly WHERE tenant_id = $1 AND metric = 'storage_bytes' AND bucket = $2", [tenants[0], old.bucket]);
    expect(b.last).toBe(123_456);
  });

  it("are unchanged by repeated and concurrent runs", async () => {
    await insert(events(tenants, 300, 2 * DAY, 13));
    const results = await Promise.all([runRollup({ lagMs: 0 }), runRollup({ lagMs: 0 }), runRollup({ lagMs: 0 })]);
    // Runners that found the cursor locked stepped aside (watermark null) or found nothing new.
    expect(results.reduce((n, r) => n + r.events, 0)).toBe(300);
    await runRollup({ lagMs: 0 });
    await runRollup({ lagMs: 0 });
    await rollupEqualsRaw("usage_hourly", "hour", tenants);
    await rollupEqualsRaw("usage_daily", "day", tenants);
  });

  it("never pass a transaction still open: its events are rolled up after it commits", async () => {
    const t = tenant();
    const pg = (await import("pg")).default;
    const { inject } = await import("vitest");
    const c = new pg.Client({ connectionString: inject("databaseUrl") });
    await c.connect();
    try {
      await c.query("BEGIN");
      await c.query("INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES ($1, 'read_ops', 5, now())", [t]);
      await new Promise((r) => setTimeout(r, 50));
      const mid = await runRollup({ lagMs: 0 });
      const [open] = await sql<{ xact_start: Date }>("SELECT xact_start FROM pg_stat_activity WHERE pid = $1", [(c as unknown as { processID: number }).processID]);
      expect(mid.watermark).toBeLessThanOrEqual(open.xact_start.getTime());
      await c.query("COMMIT");
    } finally {
      await c.end();
    }
    await runRollup({ lagMs: 0 });
    const [h] = await sql<{ sum: number }>("SELECT sum FROM usage_hourly WHERE tenant_id = $1", [t]);
    expect(h.sum).toBe(5);
  });

  it("move the cursor to the safe point in one step when nothing was received since it", async () => {
    await runRollup({ lagMs: 0 });
    // The cursor just past the last event, then a gap with no events: with 1 ms chunks, stepping a chunk
    // at a time would take hundreds of transactions (from the migration's 'epoch' cursor on an empty
    // store, ~29M of 60 s).
    const [{ last }] = await sql<{ last: Date }>("SELECT max(received_at) AS last FROM usage_events");
    const cursor = last.getTime() + 1;
    await sql("UPDATE metering_state SET watermark = $1 WHERE name = 'rollup'", [new Date(cursor)]);
    await new Promise((r) => setTimeout(r, 300));
    process.env.TENANTRY_ROLLUP_CHUNK_S = "0.001";
    try {
      const r = await runRollup({ lagMs: 0 });
      expect(r).toMatchObject({ steps: 1, events: 0, caughtUp: true });
      expect(r.watermark).toBeGreaterThan(cursor + 250);
      expect(await rollupWatermark()).toBe(r.watermark);
    } finally {
      delete process.env.TENANTRY_ROLLUP_CHUNK_S;
    }
    await rollupEqualsRaw("usage_hourly", "hour", tenants);
  });
});

describe("reads: rollups ∪ raw tail = raw", () => {
  const tenants = [tenant(), tenant()];

  beforeAll(async () => {
    await insert(events(tenants, 3000, 20 * DAY, 17));
    await runRollup({ lagMs: 0 });
    // After the watermark: recent events, late events days back, and events in the current hour.
    await insert(events(tenants, 400, 20 * DAY, 19));
    await insert(events(tenants, 200, 30 * 60_000, 23));
  });

  for (const g of ["day", "hour"] as const) {
    it(`series by ${g} equal the raw events, over aligned and unaligned ranges`, async () => {
      for (const [from, to] of [
        [now - 25 * DAY, now + 60_000],
        [now - 7 * DAY + 1234567, now - 2 * DAY - 7654321],
        [now - 5 * HOUR + 1000, now - 1000],
        [now - 40 * 60_000, now],
      ]) {
        const got = await tenantUsage(tenants[0], { from, to, granularity: g });
        const want = await rawSeries(tenants[0], from, to, g);
        expect(got).toEqual(want);
      }
    });
  }

  it("totals, top tenants and hourly slices equal the raw events", async () => {
    const from = now - 10 * DAY - 1234;
    const to = now + 1000;
    const totals = await periodTotals(tenants, from, to, METRICS.filter((m) => METRIC_KIND[m] === "counter"), GAUGES);
    for (const t of tenants) {
      const exact = await sql<{ metric: string; s: number; l: number }>(
        `SELECT metric, sum(value) AS s, (array_agg(value ORDER BY occurred_at DESC, id DESC))[1] AS l
         FROM usage_events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1`,
        [t, new Date(from), new Date(to)],
      );
      for (const e of exact) {
        if (METRIC_KIND[e.metric as Metric] === "gauge") expect(totals.get(t)!.gauges.get(e.metric)?.value).toBe(e.l);
        else expect(totals.get(t)!.sums.get(e.metric)).toBe(e.s);
      }
    }
    const top = await topTenants("read_ops", from, to, 50);
    const rawTop = await sql<{ tenant_id: string; v: number }>(
      "SELECT tenant_id, sum(value) AS v FROM usage_events WHERE metric = 'read_ops' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY 1",
      [new Date(from), new Date(to)],
    );
    for (const t of tenants) expect(top.find((x) => x.tenantId === t)?.value).toBe(rawTop.find((x) => x.tenant_id === t)?.v);
    const slices = await hourlySlices(tenants, ["api_requests", "storage_bytes"], from, to);
    const rawSlices = await sql<{ tenant_id: string; metric: Metric; t: Date; v: number }>(
      `SELECT tenant_id, metric, date_trunc('hour', occurred_at, 'UTC') AS t,
              CASE WHEN metric = 'storage_bytes' THEN (array_agg(value ORDER BY occurred_at DESC, id DESC))[1] ELSE sum(value) END AS v
       FROM usage_events WHERE tenant_id = ANY($1) AND metric IN ('api_requests', 'storage_bytes') AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [tenants, new Date(from), new Date(to)],
    );
    expect(slices).toEqual(rawSlices.map((r) => ({ tenantId: r.tenant_id, metric: r.metric, t: r.t.getTime(), value: r.v })));
  });

  it("the platform series adds the tenants up", async () => {
    const r = await platformUsage({ from: now - 3 * DAY, to: now + 1000, granularity: "day" }, ["read_ops"]);
    const [raw] = await sql<{ s: number }>("SELECT sum(value) AS s FROM usage_events WHERE metric = 'read_ops' AND occurred_at >= $1 AND occurred_at < $2", [
      new Date(Math.floor((now - 3 * DAY) / DAY) * DAY),
      new Date(now + 1000),
    ]);
    expect(r.totals.read_ops).toBe(raw.s);
  });

  it("the platform's gauge is the sum of each tenant's level: per bucket (their highs) and now (their lasts)", async () => {
    const range = { from: now - 3 * DAY, to: now + 1000, granularity: "day" as const };
    const from = Math.floor(range.from / DAY) * DAY;
    const r = await platformUsage(range, ["storage_bytes", "read_ops"]);
    const perDay = await sql<{ b: Date; v: number }>(
      `SELECT b, sum(mx) AS v FROM (
         SELECT tenant_id, date_trunc('day', occurred_at, 'UTC') AS b, max(value) AS mx FROM usage_events
         WHERE metric = 'storage_bytes' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY 1, 2) x
       GROUP BY b ORDER BY b`,
      [new Date(from), new Date(range.to)],
    );
    const [level] = await sql<{ v: number }>(
      `SELECT sum(l) AS v FROM (
         SELECT (array_agg(value ORDER BY occurred_at DESC, id DESC))[1] AS l FROM usage_events
         WHERE metric = 'storage_bytes' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY tenant_id) x`,
      [new Date(from), new Date(range.to)],
    );
    expect(perDay.length, "the fixture has storage samples").toBeGreaterThan(0);
    expect(r.series.find((s) => s.metric === "storage_bytes")!.points).toEqual(perDay.map((d) => ({ t: d.b.getTime(), value: d.v })));
    expect(r.totals.storage_bytes).toBe(level.v);
  });
});
