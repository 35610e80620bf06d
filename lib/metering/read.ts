// The read side of metering: what charts, the usage API, the dashboard and billing ask of usage.
//
// CONTRACT (shared by the usage screens, GET /api/v1/tenants/{id}/usage and billing's meter sync):
// the signatures and result shapes below stay; how they are computed changes (this first version sums
// raw `usage_events`; the metering pipeline answers from hourly/daily rollups up to a watermark
// unioned with the raw tail).
//
// Buckets are UTC hours or days. Within a bucket, a counter's value is the sum of its events; a
// gauge's value is the maximum level reported in it. Over a range, a counter's total is the sum; a
// gauge's total is the last level reported in the range.
import { pool } from "../db/pool";
import { METRIC_KIND, METRICS, type Metric } from "../quotas/metrics";

export type Granularity = "hour" | "day";

export interface UsageRange {
  /** inclusive, ms since the epoch; rounded down to the bucket */
  from: number;
  /** exclusive, ms since the epoch */
  to: number;
  granularity: Granularity;
}

export interface UsagePoint {
  /** bucket start, ms since the epoch */
  t: number;
  value: number;
}

export interface UsageSeriesResult {
  tenantId: string | null; // null: the whole platform
  granularity: Granularity;
  from: number;
  to: number;
  /** One entry per requested metric, in METRICS order; only buckets with data have points. */
  series: { metric: Metric; points: UsagePoint[] }[];
  totals: Partial<Record<Metric, number>>;
}

export interface TenantTotal {
  tenantId: string;
  value: number;
}

export interface SliceTotal {
  tenantId: string;
  metric: Metric;
  /** slice start (UTC hour), ms since the epoch */
  t: number;
  /** counters: sum in the slice; gauges: the last level reported in the slice */
  value: number;
}

const BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

export function bucketStart(ms: number, g: Granularity): number {
  return Math.floor(ms / BUCKET_MS[g]) * BUCKET_MS[g];
}

/** One tenant's series for the metrics asked (all when omitted). */
export async function tenantUsage(tenantId: string, range: UsageRange, metrics: readonly Metric[] = METRICS): Promise<UsageSeriesResult> {
  return seriesOf(tenantId, range, metrics);
}

/** The platform's series: every tenant's usage added up (gauges: sum of each tenant's level). */
export async function platformUsage(range: UsageRange, metrics: readonly Metric[] = METRICS): Promise<UsageSeriesResult> {
  return seriesOf(null, range, metrics);
}

/** The tenants with the most of `metric` in [from, to), most first. */
export async function topTenants(metric: Metric, from: number, to: number, limit = 10): Promise<TenantTotal[]> {
  const agg = METRIC_KIND[metric] === "counter" ? "sum(value)" : "max(value)";
  const r = await pool().query<{ tenant_id: string; v: number }>(
    `SELECT tenant_id, ${agg} AS v FROM usage_events WHERE metric = $1 AND occurred_at >= $2 AND occurred_at < $3
     GROUP BY tenant_id ORDER BY v DESC LIMIT $4`,
    [metric, new Date(from), new Date(to), limit],
  );
  return r.rows.map((x) => ({ tenantId: x.tenant_id, value: Number(x.v) }));
}

/** Per tenant, metric and UTC hour in [from, to): what billing reports (counters summed, gauges last). */
export async function hourlySlices(tenantIds: readonly string[], metrics: readonly Metric[], from: number, to: number): Promise<SliceTotal[]> {
  if (tenantIds.length === 0 || metrics.length === 0) return [];
  const r = await pool().query<{ tenant_id: string; metric: Metric; t: Date; s: number; l: number }>(
    `SELECT tenant_id, metric, date_trunc('hour', occurred_at) AS t, sum(value) AS s,
            (array_agg(value ORDER BY occurred_at DESC))[1] AS l
     FROM usage_events WHERE tenant_id = ANY($1) AND metric = ANY($2) AND occurred_at >= $3 AND occurred_at < $4
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [tenantIds, metrics, new Date(from), new Date(to)],
  );
  return r.rows.map((x) => ({
    tenantId: x.tenant_id,
    metric: x.metric,
    t: x.t.getTime(),
    value: Number(METRIC_KIND[x.metric] === "gauge" ? x.l : x.s),
  }));
}

async function seriesOf(tenantId: string | null, range: UsageRange, metrics: readonly Metric[]): Promise<UsageSeriesResult> {
  const from = bucketStart(range.from, range.granularity);
  const args: unknown[] = [range.granularity, metrics, new Date(from), new Date(range.to)];
  const where = tenantId === null ? "" : `AND tenant_id = $${args.push(tenantId)}`;
  const r = await pool().query<{ metric: Metric; t: Date; s: number; mx: number; l: number }>(
    `SELECT metric, date_trunc($1, occurred_at, 'UTC') AS t, sum(value) AS s, max(value) AS mx,
            (array_agg(value ORDER BY occurred_at DESC))[1] AS l
     FROM usage_events WHERE metric = ANY($2) AND occurred_at >= $3 AND occurred_at < $4 ${where}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    args,
  );
  const byMetric = new Map<Metric, UsagePoint[]>(metrics.map((m) => [m, []]));
  const totals: Partial<Record<Metric, number>> = {};
  for (const row of r.rows) {
    const gauge = METRIC_KIND[row.metric] === "gauge";
    byMetric.get(row.metric)?.push({ t: row.t.getTime(), value: Number(gauge ? row.mx : row.s) });
    totals[row.metric] = gauge ? Number(row.l) : (totals[row.metric] ?? 0) + Number(row.s);
  }
  return {
    tenantId,
    granularity: range.granularity,
    from,
    to: range.to,
    series: METRICS.filter((m) => byMetric.has(m)).map((metric) => ({ metric, points: byMetric.get(metric)! })),
    totals,
  };
}
