// Registering and archiving custom usage metrics (REST /api/v1/metrics and the console's Metrics page).
// Each change is audit-logged and published to every instance in the same transaction (the notice
// carries the new definition, lib/metering/registry.ts applies it). A name is permanent: events carry
// it, so a metric is archived (ingest refuses it, its history stays readable), never deleted or renamed;
// its kind is fixed too, since the rollups already aggregated its events by it.
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/log";
import { applyLocally, changeNotice, type Change } from "../db/changes";
import { db } from "../db/client";
import { conflict, notFound, parseOrThrow } from "../errors";
import { METRIC_KIND, METRICS, isMetric, type MetricKind } from "../quotas/metrics";
import { METRIC_KINDS, METRIC_NAME_RE, METRIC_UNITS, builtinUnit, type MetricUnit } from "./registry";

const unknownKeys = (i: { code: string; keys?: string[] }) => (i.code === "unrecognized_keys" ? `Unknown field: ${i.keys!.join(", ")}.` : "Must be an object.");

const description = z.string({ error: "Must be a string." }).trim().max(500, "Must be at most 500 characters.");
const unit = z.enum(METRIC_UNITS, { error: "Must be count or bytes." });

export const registerMetricSchema = z.strictObject(
  {
    name: z
      .string({ error: "Name is required." })
      .trim()
      .regex(METRIC_NAME_RE, "Use 2–63 lowercase letters, digits and underscores, starting with a letter (e.g. emails_sent).")
      .describe("Permanent; `^[a-z][a-z0-9_]{1,62}$`, not a built-in name."),
    kind: z.enum(METRIC_KINDS, { error: "Must be counter or gauge." }).describe("counter: events add up (sum); gauge: each event reports a level (max per bucket, last over a range). Fixed once registered."),
    unit: unit.default("count").describe("How values are shown: count, or bytes (KB/MB/GB)."),
    description: description.default(""),
  },
  { error: unknownKeys },
);
export type RegisterMetricInput = z.input<typeof registerMetricSchema>;

export const updateMetricSchema = z.strictObject(
  {
    description: description.optional(),
    unit: unit.optional(),
    archived: z.boolean({ error: "Must be true or false." }).optional().describe("true: ingest refuses the metric (its history stays readable); false: accepted again."),
  },
  { error: unknownKeys },
);
export type UpdateMetricInput = z.input<typeof updateMetricSchema>;

const isoTime = z.string().describe("ISO 8601, UTC");
export const metricSchema = z.object({
  name: z.string(),
  kind: z.enum(METRIC_KINDS),
  unit: z.enum(METRIC_UNITS),
  description: z.string(),
  builtin: z.boolean().describe("Built-in metrics are read-only."),
  archived: z.boolean(),
  created_at: isoTime.nullable().describe("null for built-in metrics"),
  archived_at: isoTime.nullable(),
});
export type MetricInfo = z.output<typeof metricSchema>;
export const metricListSchema = z.object({ data: z.array(metricSchema), next_cursor: z.null() });

const BUILTIN_DESCRIPTIONS: Record<(typeof METRICS)[number], string> = {
  api_requests: "Data-plane requests, counted automatically.",
  storage_bytes: "Database storage of the tenant's schema or database, sampled automatically.",
  file_storage_bytes: "File storage reported by the tenant's software.",
  egress_bytes: "Request and response bytes of data-plane requests, counted automatically.",
  realtime_connections: "Open realtime connections reported by the tenant's software.",
  read_ops: "Read operations reported by the tenant's software.",
  write_ops: "Write operations reported by the tenant's software.",
};

type Row = { name: string; kind: string; unit: string; description: string; createdAt: Date; archivedAt: Date | null };

function toInfo(r: Row): MetricInfo {
  return {
    name: r.name,
    kind: r.kind as MetricKind,
    unit: r.unit as MetricUnit,
    description: r.description,
    builtin: false,
    archived: r.archivedAt !== null,
    created_at: r.createdAt.toISOString(),
    archived_at: r.archivedAt?.toISOString() ?? null,
  };
}

const builtinInfo = (name: (typeof METRICS)[number]): MetricInfo => ({
  name,
  kind: METRIC_KIND[name],
  unit: builtinUnit(name),
  description: BUILTIN_DESCRIPTIONS[name],
  builtin: true,
  archived: false,
  created_at: null,
  archived_at: null,
});

/** The built-in metrics, then the registered ones by name (archived included). */
export async function listMetrics(): Promise<MetricInfo[]> {
  const rows = await db().usageMetric.findMany({ orderBy: { name: "asc" } });
  return [...METRICS.map(builtinInfo), ...rows.map(toInfo)];
}

const notice = (r: Row): Change => ({ kind: "metric", name: r.name, metric_kind: r.kind as MetricKind, unit: r.unit, archived: r.archivedAt !== null });

export async function registerMetric(input: unknown, actor: Actor): Promise<MetricInfo> {
  const m = parseOrThrow(registerMetricSchema, input, "The metric is not valid.");
  if (isMetric(m.name)) throw conflict(`${m.name} is a built-in metric.`);
  const row = await db().$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: two concurrent registrations of one name end in one 201 and one 409.
    const inserted = await tx.$queryRaw<Row[]>`
      INSERT INTO usage_metrics (name, kind, unit, description) VALUES (${m.name}, ${m.kind}, ${m.unit}, ${m.description})
      ON CONFLICT (name) DO NOTHING
      RETURNING name, kind, unit, description, created_at AS "createdAt", archived_at AS "archivedAt"`;
    if (inserted.length === 0) throw conflict(`A metric named ${m.name} is already registered.`);
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice(notice(inserted[0])));
    await recordAudit(tx, { actor, action: "metric.registered", data: { metric: m.name, kind: m.kind, unit: m.unit } });
    return inserted[0];
  });
  applyLocally(notice(row));
  return toInfo(row);
}

export async function updateMetric(name: string, input: unknown, actor: Actor): Promise<MetricInfo> {
  if (isMetric(name)) throw conflict(`${name} is a built-in metric; built-in metrics are read-only.`);
  const patch = parseOrThrow(updateMetricSchema, input, "The change is not valid.");
  const { row, changed } = await db().$transaction(async (tx) => {
    const cur = (await tx.$queryRaw<Row[]>`
      SELECT name, kind, unit, description, created_at AS "createdAt", archived_at AS "archivedAt" FROM usage_metrics WHERE name = ${name} FOR UPDATE`)[0];
    if (!cur) throw notFound("Metric");
    const data: { description?: string; unit?: string; archivedAt?: Date | null } = {};
    if (patch.description !== undefined && patch.description !== cur.description) data.description = patch.description;
    if (patch.unit !== undefined && patch.unit !== cur.unit) data.unit = patch.unit;
    if (patch.archived !== undefined && patch.archived !== (cur.archivedAt !== null)) data.archivedAt = patch.archived ? new Date() : null;
    if (Object.keys(data).length === 0) return { row: cur, changed: false };
    const updated = await tx.usageMetric.update({ where: { name }, data });
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice(notice(updated)));
    const action = data.archivedAt === undefined ? "metric.updated" : data.archivedAt ? "metric.archived" : "metric.unarchived";
    await recordAudit(tx, { actor, action, data: { metric: name, ...patch } });
    return { row: updated, changed: true };
  });
  if (changed) applyLocally(notice(row));
  return toInfo(row);
}

export async function getMetric(name: string): Promise<MetricInfo> {
  if (isMetric(name)) return builtinInfo(name);
  const row = await db().usageMetric.findUnique({ where: { name } });
  if (!row) throw notFound("Metric");
  return toInfo(row);
}
