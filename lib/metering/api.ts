// GET /api/v1/tenants/{id}/usage: the query (validated here, reused by the OpenAPI document) and the
// answer in the API's shape (snake_case, ISO 8601 times).
import { z } from "zod";
import { invalid, parseOrThrow } from "../errors";
import { METRICS } from "../quotas/metrics";
import { isoUtc } from "./iso";
import { allMetricNames, isKnownMetric, orderMetrics, resolveMetrics } from "./registry";
import { bucketStart, tenantUsage, type Granularity, type UsageSeriesResult } from "./read";

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The most buckets one series may have (e.g. 208 days by hour): beyond it, ask by day or a shorter range. */
export const MAX_USAGE_POINTS = 5000;
/** The range when `from` is absent: 30 days by day, 48 hours by hour, back from `to`. */
export const DEFAULT_RANGE_MS: Record<Granularity, number> = { day: 30 * DAY, hour: 48 * HOUR };

const when = (name: string) =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z.` }).optional();

export const usageQuerySchema = z.object({
  metric: z
    .string()
    .optional()
    .describe(
      `One metric or a comma-separated list: a built-in one (${METRICS.join(", ")}) or a registered one (GET /api/v1/metrics; archived ones too). All of them when absent.`,
    )
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === "") return allMetricNames();
      const asked = metricList(s);
      const unknown = asked.filter((m) => !isKnownMetric(m));
      if (unknown.length) {
        ctx.addIssue({ code: "custom", message: `Unknown metric ${unknown.join(", ")}; known: ${allMetricNames().join(", ")}.` });
        return z.NEVER;
      }
      return orderMetrics(asked);
    }),
  granularity: z.enum(["hour", "day"], { error: "Granularity must be hour or day." }).default("day"),
  from: when("from").describe("Start (inclusive, rounded down to the bucket). Default: 30 days before `to` by day, 48 hours by hour."),
  to: when("to").describe("End (exclusive). Default: now."),
});

export type UsageQuery = z.output<typeof usageQuerySchema>;

const isoTime = z.string().describe("ISO 8601, UTC");
export const usageResponseSchema = z.object({
  tenant_id: z.string(),
  granularity: z.enum(["hour", "day"]),
  from: isoTime,
  to: isoTime,
  series: z.array(
    z.object({
      metric: z.string(),
      points: z.array(z.object({ t: isoTime.describe("Bucket start (UTC hour or day)"), value: z.number() })).describe("Only buckets with data."),
    }),
  ),
  totals: z.record(z.string(), z.number()).describe("Counters: the sum over the range; gauges: the last level reported in it."),
});

const iso = isoUtc;

const metricList = (s: string) => [...new Set(s.split(",").map((x) => x.trim()))];

/** Parses the query string; throws invalid_request with per-field errors. */
export async function parseUsageQuery(query: URLSearchParams, now = Date.now()): Promise<{ metrics: string[]; granularity: Granularity; from: number; to: number }> {
  // A metric registered on another instance is known here even before its change notice arrives.
  await resolveMetrics(metricList(query.get("metric") ?? ""));
  const raw: Record<string, string> = {};
  for (const k of ["metric", "granularity", "from", "to"]) {
    const v = query.get(k);
    if (v !== null) raw[k] = v;
  }
  const q = parseOrThrow(usageQuerySchema, raw, "The usage query is not valid.");
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_RANGE_MS[q.granularity];
  if (from >= to) throw invalid("The usage query is not valid.", [{ path: "from", message: "from must be before to." }]);
  const unit = q.granularity === "day" ? DAY : HOUR;
  const points = Math.ceil((to - bucketStart(from, q.granularity)) / unit);
  if (points > MAX_USAGE_POINTS) {
    throw invalid("The usage query is not valid.", [
      { path: "from", message: `The range has ${points} ${q.granularity}s; at most ${MAX_USAGE_POINTS} per request (ask by day, or a shorter range).` },
    ]);
  }
  return { metrics: q.metric, granularity: q.granularity, from, to };
}

export function toUsageResponse(r: UsageSeriesResult & { tenantId: string }): z.output<typeof usageResponseSchema> {
  return {
    tenant_id: r.tenantId,
    granularity: r.granularity,
    from: iso(r.from),
    to: iso(r.to),
    series: r.series.map((s) => ({ metric: s.metric, points: s.points.map((p) => ({ t: iso(p.t), value: p.value })) })),
    totals: r.totals as Record<string, number>,
  };
}

/** The whole request once the query is parsed and the tenant is known to exist. */
export async function usageForApi(tenantId: string, q: Awaited<ReturnType<typeof parseUsageQuery>>): Promise<z.output<typeof usageResponseSchema>> {
  const r = await tenantUsage(tenantId, { from: q.from, to: q.to, granularity: q.granularity }, q.metrics);
  return toUsageResponse({ ...r, tenantId });
}
