// Which usage metrics exist: the built-in ones (lib/quotas/metrics.ts, fixed in code) and the ones the
// platform registered (table usage_metrics, lib/metering/metric-admin.ts). The data plane asks on every
// event, so the answer is in memory: a Set lookup on the hot path.
//
// Loaded on first use; every change is published with a change notice (lib/db/changes.ts) carrying
// the metric's new definition, so every instance applies it at once. A notice can still arrive after
// a client that saw "registered" posts its first events to another instance, so a name that is not
// active here is read through from the database once before it is refused (a miss is remembered for
// MISS_TTL_MS, so a client repeating a typo costs one query per interval, not one per request).
// While the change listener is down (notices may be missed), the whole table is re-read at most every
// MISS_TTL_MS on the async paths, and on reconnect.
import { LRUCache } from "lru-cache";
import type pg from "pg";
import { cachesTrusted, subscribeChanges, type Change } from "../db/changes";
import { pool } from "../db/pool";
import { METRIC_KIND, METRICS, isMetric, type MetricKind } from "../quotas/metrics";

export type MetricUnit = "count" | "bytes";
export const METRIC_UNITS = ["count", "bytes"] as const satisfies readonly MetricUnit[];
export const METRIC_KINDS = ["counter", "gauge"] as const satisfies readonly MetricKind[];

/** A registrable name: lowercase, starts with a letter, 2–63 characters (the built-ins follow it too). */
export const METRIC_NAME_RE = /^[a-z][a-z0-9_]{1,62}$/;

export interface MetricEntry {
  kind: MetricKind;
  unit: MetricUnit;
  archived: boolean;
}

const MISS_TTL_MS = 1_500;

type State = {
  /** registered metrics, archived included */
  custom: Map<string, MetricEntry>;
  /** built-ins + active registered metrics: what ingest accepts */
  active: Set<string>;
  /** gauges, built-in and registered (archived included: their history is still read as gauges) */
  gauges: string[];
  misses: LRUCache<string, true>;
  loadedAt: number | null;
  loading?: Promise<void>;
  /** bumped by every change, so a load that raced one is not trusted */
  epoch: number;
};
type Globals = { __tenantryMetricRegistry?: State };
const g = globalThis as Globals;

const BUILTIN_GAUGES = METRICS.filter((m) => METRIC_KIND[m] === "gauge");

function state(): State {
  if (!g.__tenantryMetricRegistry) {
    const s: State = (g.__tenantryMetricRegistry = {
      custom: new Map(),
      active: new Set(METRICS),
      gauges: [...BUILTIN_GAUGES],
      misses: new LRUCache({ max: 10_000, ttl: MISS_TTL_MS }),
      loadedAt: null,
      epoch: 0,
    });
    subscribeChanges(
      (c) => {
        if (c.kind === "metric") applyChange(s, c);
      },
      () => {
        // Notices may have been missed (listener down, or just reconnected): read the table again now
        // rather than on the next async path, since ingest of known metrics never takes one.
        s.epoch++;
        s.loadedAt = null;
        s.misses.clear();
        metricsReady().catch(() => {}); // the database may be what is down; the next async path retries
      },
    );
  }
  return g.__tenantryMetricRegistry;
}

function setEntry(s: State, name: string, e: MetricEntry): void {
  const had = s.custom.get(name);
  s.custom.set(name, e);
  if (e.archived) s.active.delete(name);
  else s.active.add(name);
  if (e.kind === "gauge" && had?.kind !== "gauge") s.gauges = [...s.gauges, name];
  s.misses.delete(name);
}

function applyChange(s: State, c: Extract<Change, { kind: "metric" }>): void {
  s.epoch++;
  if (isMetric(c.name)) return;
  setEntry(s, c.name, { kind: c.metric_kind, unit: c.unit as MetricUnit, archived: c.archived });
}

interface Row {
  name: string;
  kind: MetricKind;
  unit: MetricUnit;
  archived: boolean;
}

async function readRows(names?: readonly string[]): Promise<Row[]> {
  const where = names ? "WHERE name = ANY($1)" : "";
  const r = await pool().query<Row>(`SELECT name, kind, unit, archived_at IS NOT NULL AS archived FROM usage_metrics ${where}`, names ? [names] : []);
  return r.rows;
}

async function loadAll(s: State): Promise<void> {
  for (;;) {
    const epoch = s.epoch;
    const rows = await readRows();
    if (s.epoch !== epoch) continue; // a change raced the read: read again so it is not undone
    s.custom.clear();
    s.active = new Set(METRICS);
    s.gauges = [...BUILTIN_GAUGES];
    for (const r of rows) setEntry(s, r.name, r);
    s.loadedAt = Date.now();
    return;
  }
}

function fresh(s: State, now: number): boolean {
  return s.loadedAt !== null && (cachesTrusted() || now - s.loadedAt < MISS_TTL_MS);
}

/** Resolves once the registry is loaded (and, while notices may be missed, recently re-read). */
export function metricsReady(now = Date.now()): Promise<void> {
  const s = state();
  if (fresh(s, now)) return Promise.resolve();
  return (s.loading ??= loadAll(s).finally(() => (s.loading = undefined)));
}

/**
 * Makes sure each name that could be registered is looked up in the database before it is refused:
 * names already active here, or looked up in the last MISS_TTL_MS, cost nothing.
 */
export async function resolveMetrics(names: Iterable<unknown>, now = Date.now()): Promise<void> {
  const s = state();
  await metricsReady(now);
  const ask = [...new Set([...names].filter((n): n is string => typeof n === "string" && needsLookup(s, n)))];
  if (ask.length === 0) return;
  const epoch = s.epoch;
  const rows = await readRows(ask);
  const raced = s.epoch !== epoch;
  // A notice that arrived meanwhile is newer than this read: it wins for the metric it names.
  for (const r of rows) if (!raced || !s.custom.has(r.name)) setEntry(s, r.name, r);
  if (!raced) for (const n of ask) if (!s.active.has(n)) s.misses.set(n, true);
}

function needsLookup(s: State, name: string): boolean {
  return !s.active.has(name) && METRIC_NAME_RE.test(name) && !s.misses.has(name);
}

/** Whether events of `name` are accepted now (a built-in, or registered and not archived). */
export function isIngestibleMetric(name: string): boolean {
  return state().active.has(name);
}

/** Whether `name` has a history to read (a built-in, or registered — archived ones too). */
export function isKnownMetric(name: string): boolean {
  return isMetric(name) || state().custom.has(name);
}

/** Whether the registry knows `name` as registered and archived. */
export function isArchivedMetric(name: string): boolean {
  return state().custom.get(name)?.archived === true;
}

/** How a metric aggregates; undefined for a name that is neither built-in nor registered. */
export function metricKind(name: string): MetricKind | undefined {
  return isMetric(name) ? METRIC_KIND[name] : state().custom.get(name)?.kind;
}

export function builtinUnit(name: string): MetricUnit {
  return name.endsWith("_bytes") ? "bytes" : "count";
}

/** How a metric's values are shown (count or bytes). */
export function metricUnit(name: string): MetricUnit {
  return isMetric(name) ? builtinUnit(name) : (state().custom.get(name)?.unit ?? "count");
}

/** Every gauge, built-in and registered. */
export function gaugeMetrics(): readonly string[] {
  return state().gauges;
}

/** The built-ins in their fixed order, then the registered metrics by name (archived too unless asked). */
export function allMetricNames(opts: { archived?: boolean } = {}): string[] {
  const custom = [...state().custom].filter(([, e]) => opts.archived !== false || !e.archived).map(([n]) => n);
  return [...METRICS, ...custom.sort()];
}

/** `names` in the order of allMetricNames (built-ins first), duplicates dropped. */
export function orderMetrics<M extends string>(names: Iterable<M>): M[] {
  const rank = (m: string) => {
    const i = (METRICS as readonly string[]).indexOf(m);
    return i === -1 ? METRICS.length : i;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Forgets everything loaded (tests; a second registry instance is simulated by this). */
export function resetMetricRegistry(): void {
  const s = state();
  s.epoch++;
  s.custom.clear();
  s.active = new Set(METRICS);
  s.gauges = [...BUILTIN_GAUGES];
  s.misses.clear();
  s.loadedAt = null;
}

/** The gauges as the database knows them, for a process that may not have the registry loaded (rollups). */
export async function gaugeMetricsFrom(c: pg.ClientBase): Promise<string[]> {
  const r = await c.query<{ name: string }>("SELECT name FROM usage_metrics WHERE kind = 'gauge'");
  return [...BUILTIN_GAUGES, ...r.rows.map((x) => x.name)];
}
