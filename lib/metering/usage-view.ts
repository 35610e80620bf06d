// What the usage screens draw: a range picked on screen (24 h … 90 d, or custom UTC days) resolved to
// buckets, the read contract's series made dense (one point per bucket), each metric's quota beside
// it, and — for counters whose quota is per month — a month-to-date running total to compare with
// that quota. Shared by the console tab, the portal page, the dashboard and the CSV downloads.
import { z } from "zod";
import { invalid } from "../errors";
import { METRIC_KIND, METRIC_QUOTA, METRICS, isMetric, type MetricKind } from "../quotas/metrics";
import type { Quotas } from "../quotas/effective";
import { periodOf } from "../quotas/period";
import { GRANULARITIES, MAX_CUSTOM_DAYS, MAX_HOURLY_DAYS, RANGE_DAYS, RANGES, defaultGranularity, type RangeId } from "./ranges";
import { bucketStart, platformUsage, tenantUsage, type Granularity, type UsageSeriesResult } from "./read";
import { allMetricNames, metricKind, metricsReady, metricUnit, type MetricUnit } from "./registry";

/** What the dashboard's platform chart draws (and so all the platform data endpoint reads). */
export const PLATFORM_CHART_METRICS = ["api_requests", "egress_bytes"] as const;

export type { RangeId } from "./ranges";

const HOUR = 3_600_000;
const DAY = 86_400_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const usageQuerySchema = z.object({
  range: z.enum(RANGES, { error: `Must be one of: ${RANGES.join(", ")}.` }).default("30d"),
  granularity: z.enum(GRANULARITIES, { error: "Must be hour or day." }).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type UsageQuery = z.input<typeof usageQuerySchema>;

export interface ResolvedRange {
  range: RangeId;
  granularity: Granularity;
  /** inclusive, ms, aligned to the bucket */
  from: number;
  /** exclusive, ms, aligned to the bucket */
  to: number;
}

function utcDay(s: string): number | null {
  if (!DATE.test(s)) return null;
  const ms = Date.parse(`${s}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s ? null : ms;
}

/**
 * From the query string (URLSearchParams or an object) to bucket-aligned bounds. Preset ranges end with
 * the current bucket (so the latest hour or day is on the chart); a custom range is whole UTC days,
 * `from` and `to` both included. Bad input → invalid_request with one message per field.
 */
export function resolveUsageRange(input: URLSearchParams | Record<string, unknown>, now = Date.now()): ResolvedRange {
  const raw = input instanceof URLSearchParams ? Object.fromEntries([...input.entries()].filter(([, v]) => v !== "")) : input;
  const parsed = usageQuerySchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      "The usage range is not valid.",
      parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ""), message: i.message })),
    );
  }
  const q = parsed.data;
  const granularity = q.granularity ?? defaultGranularity(q.range);
  const size = granularity === "hour" ? HOUR : DAY;
  let from: number;
  let to: number;
  if (q.range === "custom") {
    const f = q.from ? utcDay(q.from) : null;
    const t = q.to ? utcDay(q.to) : null;
    const errors = [];
    if (f === null) errors.push({ path: "from", message: q.from ? "Must be a date like 2026-11-01." : "Choose a start date." });
    if (t === null) errors.push({ path: "to", message: q.to ? "Must be a date like 2026-11-30." : "Choose an end date." });
    if (f !== null && t !== null && f > t) errors.push({ path: "to", message: "The end date must not be before the start date." });
    if (f !== null && t !== null && f <= t && (t - f) / DAY + 1 > MAX_CUSTOM_DAYS) errors.push({ path: "to", message: `A range covers at most ${MAX_CUSTOM_DAYS} days.` });
    if (errors.length) throw invalid("The usage range is not valid.", errors);
    from = f!;
    to = t! + DAY;
  } else {
    to = bucketStart(now, granularity) + size;
    from = to - RANGE_DAYS[q.range] * DAY;
  }
  if (granularity === "hour" && to - from > MAX_HOURLY_DAYS * DAY) {
    throw invalid("The usage range is not valid.", [
      { path: "granularity", message: `Hourly charts cover at most ${MAX_HOURLY_DAYS} days; choose Day or a shorter range.` },
    ]);
  }
  return { range: q.range, granularity, from, to };
}

export interface ViewPoint {
  /** bucket start, ISO 8601 UTC */
  t: string;
  /** counters: 0 for a bucket without events; gauges: null (no level reported) */
  value: number | null;
  /** counters with a monthly quota: the month's running total at the end of this bucket */
  month_to_date?: number;
}

export interface MetricView {
  metric: string;
  kind: MetricKind;
  /** how values are shown */
  unit: MetricUnit;
  /** over the range: a counter's sum, a gauge's last level; null when nothing was reported */
  total: number | null;
  /** the quota that limits the metric, and its effective value (null: unlimited) */
  quota: { key: string; limit: number | null; per: "month" | "level" } | null;
  points: ViewPoint[];
}

export interface UsageView {
  tenant_id: string | null;
  range: RangeId;
  granularity: Granularity;
  from: string;
  to: string;
  generated_at: string;
  metrics: MetricView[];
}

const monthStart = (ms: number) => periodOf(ms).start;

/**
 * Pure: one point per bucket in [from, to), the quota beside each metric, and for monthly-quota
 * counters the running total that restarts at each UTC month (`carry` = what the month had used
 * before `from`).
 */
export function buildView(
  result: UsageSeriesResult,
  r: ResolvedRange,
  quotas: Partial<Quotas> | null,
  carry: Partial<Record<string, number>> = {},
  now = Date.now(),
): UsageView {
  const size = r.granularity === "hour" ? HOUR : DAY;
  const buckets: number[] = [];
  for (let t = r.from; t < r.to; t += size) buckets.push(t);
  // Each bucket's time as text once per view, not once per metric (Date is costly inside Next).
  const stamps = buckets.map((t) => new Date(t).toISOString());
  const metrics = result.series.map(({ metric, points }): MetricView => {
    const kind = metricKind(metric) ?? "counter";
    const byT = new Map(points.map((p) => [p.t, p.value]));
    const key = isMetric(metric) ? METRIC_QUOTA[metric] : null; // registered metrics have no quota
    const quota = quotas && key ? { key, limit: quotas[key] ?? null, per: kind === "counter" ? ("month" as const) : ("level" as const) } : null;
    const withMonth = quota?.per === "month";
    let monthEnd = periodOf(r.from).end;
    let running = carry[metric] ?? 0;
    const dense = buckets.map((t, i): ViewPoint => {
      const v = byT.get(t);
      if (kind === "gauge") return { t: stamps[i], value: v ?? null };
      const value = v ?? 0;
      if (!withMonth) return { t: stamps[i], value };
      if (t >= monthEnd) {
        monthEnd = periodOf(t).end;
        running = 0;
      }
      running += value;
      return { t: stamps[i], value, month_to_date: running };
    });
    const total = result.totals[metric];
    return { metric, kind, unit: metricUnit(metric), total: total ?? (kind === "counter" ? 0 : null), quota, points: dense };
  });
  return {
    tenant_id: result.tenantId,
    range: r.range,
    granularity: r.granularity,
    from: new Date(r.from).toISOString(),
    to: new Date(r.to).toISOString(),
    generated_at: new Date(now).toISOString(),
    metrics,
  };
}

const MONTHLY_COUNTERS = METRICS.filter((m) => METRIC_KIND[m] === "counter" && METRIC_QUOTA[m] !== null);

/**
 * A tenant's usage for the screens; the tenant (its id and effective quotas) is already checked. The
 * built-in metrics are always there; a registered metric only when the range has data for it.
 */
export async function tenantUsageView(tenant: { id: string; quotas: Partial<Quotas> }, r: ResolvedRange, now = Date.now()): Promise<UsageView> {
  const ms = monthStart(r.from);
  await metricsReady();
  const [all, before] = await Promise.all([
    tenantUsage(tenant.id, r, allMetricNames()),
    // The part of the first month before the range, so the month-to-date line starts where it stood.
    ms < r.from ? tenantUsage(tenant.id, { from: ms, to: r.from, granularity: "hour" }, MONTHLY_COUNTERS) : null,
  ]);
  const result = { ...all, series: all.series.filter((s) => isMetric(s.metric) || s.points.length > 0) };
  return buildView(result, r, tenant.quotas, before?.totals ?? {}, now);
}

/** Every tenant's usage added up (no quotas: they are per tenant). */
export async function platformUsageView(r: ResolvedRange, metrics: readonly string[] = METRICS, now = Date.now()): Promise<UsageView> {
  return buildView(await platformUsage(r, metrics), r, null, {}, now);
}

/** The current UTC month, to the end of the current hour: the dashboard's "this month". */
export function thisMonth(now = Date.now()): ResolvedRange {
  return { range: "custom", granularity: "day", from: monthStart(now), to: bucketStart(now, "hour") + HOUR };
}
