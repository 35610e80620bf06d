// Bodies of the data plane's endpoints, shared by the handlers and the OpenAPI document.
import { z } from "zod";
import { fieldErrorsFromZod, invalid } from "../errors";
import { isArchivedMetric, isIngestibleMetric, resolveMetrics } from "../metering/registry";
import { METRICS } from "../quotas/metrics";

/** How far back an event may be dated (late reports), and how far ahead (clock skew). */
export const MAX_EVENT_AGE_MS = 35 * 24 * 3600 * 1000;
export const MAX_EVENT_SKEW_MS = 5 * 60 * 1000;
export const MAX_EVENTS_PER_BATCH = 1000;

// Any string here; whether the metric is accepted (built-in, or registered and not archived) is
// checked by parseWithMetrics below with one Set lookup per event — cheaper on the ingest hot path
// than a zod refinement per event — and merged into the same per-event errors.
const metric = z
  .string({ error: "Must be a metric name (a string)." })
  .describe(`A built-in metric (${METRICS.join(", ")}) or a registered, unarchived one (GET /api/v1/metrics); any other name is a 400.`);

export const usageEventSchema = z.object({
  metric,
  value: z.number({ error: "Must be a finite number." }).min(0, "Must be 0 or more.").max(Number.MAX_SAFE_INTEGER, "Too large."),
  timestamp: z.iso
    .datetime({ offset: true, error: "Must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z." })
    .refine((s) => Date.parse(s) >= Date.now() - MAX_EVENT_AGE_MS, "Must be within the last 35 days.")
    .refine((s) => Date.parse(s) <= Date.now() + MAX_EVENT_SKEW_MS, "Must not be more than 5 minutes in the future.")
    .optional(),
  idempotency_key: z
    .string({ error: "Must be a string." })
    .min(1, "Must not be empty.")
    .max(200, "Must be at most 200 characters.")
    .optional(),
});

export const usageBatchSchema = z.object({
  events: z
    .array(usageEventSchema, { error: "Must be a list of events." })
    .min(1, "Send at least one event.")
    .max(MAX_EVENTS_PER_BATCH, `Send at most ${MAX_EVENTS_PER_BATCH} events per request.`)
    .superRefine((events, ctx) => {
      // A key twice in one batch is almost certainly a client bug; refusing it keeps "accepted" honest.
      const first = new Map<string, number>();
      events.forEach((e, i) => {
        const k = e.idempotency_key;
        if (k === undefined) return;
        const j = first.get(k);
        if (j === undefined) first.set(k, i);
        else ctx.addIssue({ code: "custom", path: [i, "idempotency_key"], message: `Repeats the idempotency key of events[${j}].` });
      });
    }),
});
export type UsageBatch = z.output<typeof usageBatchSchema>;

export const quotaCheckSchema = z.object({
  metric,
  amount: z.number({ error: "Must be a number." }).min(0, "Must be 0 or more.").max(Number.MAX_SAFE_INTEGER, "Too large.").default(1),
});
export type QuotaCheck = z.output<typeof quotaCheckSchema>;

type Issue = { path: (string | number)[]; message: string };

function metricIssue(name: string, path: (string | number)[]): Issue {
  return {
    path,
    message: isArchivedMetric(name)
      ? `Metric ${name} is archived; it no longer accepts events.`
      : `Unknown metric ${name}; use a built-in one (${METRICS.join(", ")}) or register it first (POST /api/v1/metrics).`,
  };
}

/** The metric names a body carries, with where each sits (only string ones: zod reports the rest). */
type MetricsOf = (json: unknown) => { name: string; path: (string | number)[] }[];

/**
 * Parses a body whose events name metrics: the zod schema, then each metric against the registry.
 * Synchronous when all is well (the hot path). When a metric is not accepted here, it is first read
 * through from the database (registered on another instance, its notice still on its way), then
 * checked again; what is still refused is reported beside zod's errors, in path order.
 */
export function parseWithMetrics<T>(schema: z.ZodType<T>, json: unknown, message: string, metricsOf: MetricsOf): T | Promise<T> {
  const r = schema.safeParse(json);
  const names = metricsOf(json);
  let refused = false;
  for (const n of names) if (!isIngestibleMetric(n.name)) refused = true;
  if (r.success && !refused) return r.data;
  const finish = (): T => {
    const issues: Issue[] = r.success ? [] : r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
    for (const n of names) if (!isIngestibleMetric(n.name)) issues.push(metricIssue(n.name, n.path));
    if (issues.length === 0) return r.data as T;
    const at = (i: Issue) => (typeof i.path[0] === "number" ? i.path[0] : typeof i.path[1] === "number" ? i.path[1] : -1);
    throw invalid(message, fieldErrorsFromZod(issues.sort((a, b) => at(a) - at(b))));
  };
  if (!refused) return finish();
  return resolveMetrics(names.map((n) => n.name)).then(finish);
}

const eventMetrics: MetricsOf = (json) => {
  const events = (json as { events?: unknown } | null)?.events;
  if (!Array.isArray(events) || events.length > MAX_EVENTS_PER_BATCH) return [];
  const out: ReturnType<MetricsOf> = [];
  for (let i = 0; i < events.length; i++) {
    const m = (events[i] as { metric?: unknown } | null)?.metric;
    if (typeof m === "string") out.push({ name: m, path: ["events", i, "metric"] });
  }
  return out;
};

export const parseUsageBatch = (json: unknown) => parseWithMetrics(usageBatchSchema, json, "The usage batch is not valid; nothing was stored.", eventMetrics);
export const parseQuotaCheck = (json: unknown) =>
  parseWithMetrics(quotaCheckSchema, json, "The quota check is not valid.", (j) => {
    const m = (j as { metric?: unknown } | null)?.metric;
    return typeof m === "string" ? [{ name: m, path: ["metric"] }] : [];
  });
