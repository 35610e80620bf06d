// Bodies of the data plane's endpoints, shared by the handlers and the OpenAPI document.
import { z } from "zod";
import { fieldErrorsFromZod, invalid } from "../errors";
import { isArchivedMetric, isIngestibleMetric, resolveMetrics } from "../metering/registry";
import { METRICS } from "../quotas/metrics";

/** How far back an event may be dated (late reports), and how far ahead (clock skew). */
export const MAX_EVENT_AGE_MS = 35 * 24 * 3600 * 1000;
export const MAX_EVENT_SKEW_MS = 5 * 60 * 1000;
export const MAX_EVENTS_PER_BATCH = 1000;

// A Set lookup per event (lib/metering/registry.ts); names this instance has not heard of are read
// through by parseWithMetrics before the request is refused.
const metric = z
  .string({ error: "Must be a metric name (a string)." })
  .superRefine((name, ctx) => {
    if (isIngestibleMetric(name)) return;
    ctx.addIssue({
      code: "custom",
      message: isArchivedMetric(name)
        ? `Metric ${name} is archived; it no longer accepts events.`
        : `Unknown metric ${name}; use a built-in one (${METRICS.join(", ")}) or register it first (POST /api/v1/metrics).`,
    });
  })
  .describe(`A built-in metric (${METRICS.join(", ")}) or a registered, unarchived one (GET /api/v1/metrics).`);

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

/**
 * Parses a body whose events name metrics. Synchronous when it is valid (the hot path); when it is
 * not and it names metrics this instance does not accept yet, those are read through from the
 * database first (a metric registered on another instance whose notice is still on its way), then
 * the body is parsed again.
 */
export function parseWithMetrics<T>(
  schema: z.ZodType<T>,
  json: unknown,
  message: string,
  metricsOf: (json: unknown) => unknown[],
): T | Promise<T> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const names = metricsOf(json).filter((m) => typeof m === "string" && !isIngestibleMetric(m));
  const refuse = (issues: z.core.$ZodIssue[]) => invalid(message, fieldErrorsFromZod(issues));
  if (names.length === 0) throw refuse(r.error.issues);
  return resolveMetrics(names).then(() => {
    const again = schema.safeParse(json);
    if (again.success) return again.data;
    throw refuse(again.error.issues);
  });
}

const eventMetrics = (json: unknown): unknown[] => {
  const events = (json as { events?: unknown } | null)?.events;
  return Array.isArray(events) ? events.map((e) => (e as { metric?: unknown } | null)?.metric) : [];
};

export const parseUsageBatch = (json: unknown) => parseWithMetrics(usageBatchSchema, json, "The usage batch is not valid; nothing was stored.", eventMetrics);
export const parseQuotaCheck = (json: unknown) =>
  parseWithMetrics(quotaCheckSchema, json, "The quota check is not valid.", (j) => [(j as { metric?: unknown } | null)?.metric]);
