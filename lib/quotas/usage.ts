// Each tenant's usage in the current quota period, in memory: seeded from the database (one query
// for all the tenants that miss together) and incremented locally as this instance accepts events and
// serves data-plane requests. The data plane's own meters — `api_requests` (one per served request)
// and `egress_bytes` (request body + response body bytes) — are buffered and written in batches, like
// keys' last-used times, through metering's group-commit writer. Reads come from the rollups plus
// the raw tail (lib/metering/read.ts), never a scan of the month's raw events.
//
// With several instances, each sees the others' usage when it refreshes (every
// TENANTRY_USAGE_REFRESH_MS, default 10 s, for tenants in use), so a quota can be overshot by what the
// other instances accepted since — documented in docs/dataplane.md.
import { LRUCache } from "lru-cache";
import { createBatchLoader, type BatchLoader } from "../cache/batch";
import { periodTotals, type PeriodTotals } from "../metering/read";
import { meteringSettings } from "../metering/settings";
import { writeEvents, type EventRow } from "../metering/writer";
import { GAUGES, METRIC_KIND, METRICS, isMetric, type Metric } from "./metrics";
import { periodOf, type Period } from "./period";

export interface PeriodUsage {
  tenantId: string;
  period: Period;
  /** Counters other than the two automatic meters, as read plus what this instance ingested since. */
  sums: Map<string, number>;
  gauges: Map<string, { value: number; at: number }>;
  loadedAt: number;
  usedAt: number;
  /** This instance's api_requests / egress_bytes counter for the tenant in `period`. */
  meter: Meter;
  /** api_requests and egress_bytes as read, less `meter.total(Bytes)` then: usedOf adds the meter's totals now. */
  requestsBase: number;
  bytesBase: number;
}

/**
 * What this instance served for one tenant in one period: requests (`api_requests`) and their bytes
 * (`egress_bytes`). Every usage object of the tenant and period points at the same meter, so a request
 * counts with four field increments — no lookup by tenant id, no Map write (which boxes a new number
 * each time) — and a count lands even when a refresh has replaced the usage object meanwhile.
 */
export class Meter {
  /** Counted, not yet taken by a flush. */
  count = 0;
  bytes = 0;
  /** Taken by a flush that has not committed yet. */
  flushingCount = 0;
  flushingBytes = 0;
  /** Everything counted here this period; never decreases. */
  total = 0;
  totalBytes = 0;
  constructor(
    readonly tenantId: string,
    readonly period: Period,
  ) {}
}

type State = {
  usage: LRUCache<string, PeriodUsage>;
  loading: Map<string, Promise<PeriodUsage>>;
  /** Each tenant's meter for the newest period it was used in. */
  meters: Map<string, Meter>;
  /** Meters of earlier periods (a month boundary), by `${tenantId}@${period start}`, until flushed empty. */
  retired: Map<string, Meter>;
  timer?: NodeJS.Timeout;
  busy?: Promise<void>;
};
type Globals = { __tenantryUsage?: State };
const g = globalThis as Globals;

const COUNTERS = METRICS.filter((m) => METRIC_KIND[m] === "counter");

function state(): State {
  return (g.__tenantryUsage ??= {
    usage: new LRUCache<string, PeriodUsage>({ max: 100_000 }),
    loading: new Map(),
    meters: new Map(),
    retired: new Map(),
  });
}

/** The tenant's meter for `period`, made when missing; a newer period retires the older meter. */
function meterFor(s: State, tenantId: string, period: Period): Meter {
  const cur = s.meters.get(tenantId);
  if (cur && cur.period.start === period.start) return cur;
  if (cur && cur.period.start > period.start) {
    // A question about an earlier period (a request that began before the boundary).
    const k = `${tenantId}@${period.start}`;
    return s.retired.get(k) ?? s.retired.set(k, new Meter(tenantId, period)).get(k)!;
  }
  if (cur) s.retired.set(`${tenantId}@${cur.period.start}`, cur);
  const m = new Meter(tenantId, period);
  s.meters.set(tenantId, m);
  return m;
}

/** From memory: the tenant's usage this period, or undefined when it must be loaded. */
export function usageCached(tenantId: string, now = Date.now()): PeriodUsage | undefined {
  const u = state().usage.get(tenantId);
  if (!u || u.period.start !== periodOf(now).start) return undefined;
  u.usedAt = now;
  return u;
}

function fromTotals(s: State, tenantId: string, period: Period, t: { sums: Map<string, number>; gauges: Map<string, { value: number; at: number }> }, now: number): PeriodUsage {
  const sums = t.sums;
  const meter = meterFor(s, tenantId, period);
  // The database has what earlier flushes committed; what is counted here but not yet written is added.
  const requests = (sums.get("api_requests") ?? 0) + meter.count + meter.flushingCount;
  const bytes = (sums.get("egress_bytes") ?? 0) + meter.bytes + meter.flushingBytes;
  sums.delete("api_requests");
  sums.delete("egress_bytes");
  return { tenantId, period, sums, gauges: t.gauges, loadedAt: now, usedAt: now, meter, requestsBase: requests - meter.total, bytesBase: bytes - meter.totalBytes };
}

type UsageLoaderGlobals = { __tenantryUsageLoader?: BatchLoader<PeriodTotals | null, number> };

/**
 * Tenants whose usage missed together are read in one periodTotals call (it takes many tenants): on a
 * cold instance every tenant misses at once. Usage has no change notices, so there is no epoch; each
 * tenant's numbers are made (with what is counted here but unflushed) when its read returns.
 */
function usageLoader(): BatchLoader<PeriodTotals | null, number> {
  const lg = globalThis as UsageLoaderGlobals;
  return (lg.__tenantryUsageLoader ??= createBatchLoader<PeriodTotals | null, number>({
    read: async (ids, nows) => {
      // Normally one period; at a month boundary the callers may straddle it.
      const byPeriod = new Map<number, { period: Period; ids: string[] }>();
      ids.forEach((id, i) => {
        const period = periodOf(nows[i] ?? Date.now());
        const group = byPeriod.get(period.start) ?? byPeriod.set(period.start, { period, ids: [] }).get(period.start)!;
        group.ids.push(id);
      });
      const out = new Map<string, PeriodTotals | null>();
      for (const { period, ids: group } of byPeriod.values()) {
        const totals = await periodTotals(group, period.start, period.end, COUNTERS, GAUGES);
        for (const id of group) out.set(id, totals.get(id) ?? null);
      }
      return out;
    },
    missing: null,
    epoch: () => 0,
    store: () => {},
  }));
}

export async function loadUsage(tenantId: string, now = Date.now()): Promise<PeriodUsage> {
  const s = state();
  const running = s.loading.get(tenantId);
  if (running) return running;
  const period = periodOf(now);
  const p = usageLoader()
    .load(tenantId, now)
    .then((t) => {
      // Copies: fromTotals adds to the sums, and a caller joining this read late gets the same object.
      const u = fromTotals(s, tenantId, period, { sums: new Map(t?.sums), gauges: new Map(t?.gauges) }, now);
      s.usage.set(tenantId, u);
      return u;
    })
    .finally(() => s.loading.delete(tenantId));
  s.loading.set(tenantId, p);
  return p;
}

export async function usageOf(tenantId: string, now = Date.now()): Promise<PeriodUsage> {
  return usageCached(tenantId, now) ?? loadUsage(tenantId, now);
}

export function usedOf(u: PeriodUsage, metric: Metric): number {
  if (metric === "api_requests") return u.requestsBase + u.meter.total;
  if (metric === "egress_bytes") return u.bytesBase + u.meter.totalBytes;
  return METRIC_KIND[metric] === "gauge" ? (u.gauges.get(metric)?.value ?? 0) : (u.sums.get(metric) ?? 0);
}

/**
 * Counts one served data-plane request (`api_requests`) and its bytes (`egress_bytes`) on the usage
 * the request was decided with: in memory now, in the database at the next flush.
 * TENANTRY_AUTO_METERING=off turns both off.
 */
export function countRequest(u: PeriodUsage, bytes = 0): void {
  if (!autoMetering) return;
  const m = u.meter;
  m.count++;
  m.total++;
  m.bytes += bytes;
  m.totalBytes += bytes;
}

// Read once: the switch is for benchmarks and operators, not something to flip while running.
const autoMetering = meteringSettings.autoMetering;

/** Applies events already committed to the database (only those of the current period matter). */
export function recordEvents(tenantId: string, events: ReadonlyArray<{ metric: string; value: number; occurredAt: number }>, now = Date.now()): void {
  const u = state().usage.get(tenantId);
  if (!u || u.period.start !== periodOf(now).start) return; // the next load reads them from the database
  for (const e of events) {
    if (e.occurredAt < u.period.start || e.occurredAt >= u.period.end) continue;
    if (!isMetric(e.metric)) continue; // registered metrics have no quota, so the period view skips them
    if (METRIC_KIND[e.metric] === "gauge") {
      const cur = u.gauges.get(e.metric);
      if (!cur || e.occurredAt >= cur.at) u.gauges.set(e.metric, { value: e.value, at: e.occurredAt });
    } else {
      // Posted api_requests / egress_bytes (a tenant may report its own) add to the meters' base.
      if (e.metric === "api_requests") u.requestsBase += e.value;
      else if (e.metric === "egress_bytes") u.bytesBase += e.value;
      else u.sums.set(e.metric, (u.sums.get(e.metric) ?? 0) + e.value);
    }
  }
}

const idle = (m: Meter) => m.count === 0 && m.bytes === 0 && m.flushingCount === 0 && m.flushingBytes === 0;

/** Writes the buffered request counts and bytes: one row per tenant and meter per flush. Returns the rows written. */
export async function flushUsage(now = Date.now()): Promise<number> {
  const s = state();
  const rows: EventRow[] = [];
  const taken: { meter: Meter; count: number; bytes: number }[] = [];
  const take = (m: Meter) => {
    if (m.count === 0 && m.bytes === 0) return;
    const { count, bytes } = m;
    // Until the write commits, a reload adds these as flushing: they are neither counted nor in the database.
    m.count = 0;
    m.bytes = 0;
    m.flushingCount += count;
    m.flushingBytes += bytes;
    taken.push({ meter: m, count, bytes });
    // Under the meter's own period: last month's remainder is written at last month's last moment.
    const at = Math.max(m.period.start, Math.min(now, m.period.end - 1));
    if (count > 0) rows.push({ tenantId: m.tenantId, metric: "api_requests", value: count, occurredAt: at, idempotencyKey: null });
    if (bytes > 0) rows.push({ tenantId: m.tenantId, metric: "egress_bytes", value: bytes, occurredAt: at, idempotencyKey: null });
  };
  // Past periods' meters with nothing left to write go; they were kept one flush beyond their last
  // write, so a request that began before a month boundary still has a flush interval to count on them.
  for (const [k, m] of s.retired) if (idle(m)) s.retired.delete(k);
  for (const [id, m] of s.meters) if (m.period.end <= now && idle(m)) s.meters.delete(id);
  for (const m of s.meters.values()) take(m);
  for (const m of s.retired.values()) take(m);
  if (rows.length === 0) return 0;
  try {
    await writeEvents(rows);
  } catch (e) {
    // Put the counts back for the next flush; nothing is lost while the process lives.
    for (const { meter, count, bytes } of taken) {
      meter.count += count;
      meter.bytes += bytes;
    }
    throw e;
  } finally {
    for (const { meter, count, bytes } of taken) {
      meter.flushingCount -= count;
      meter.flushingBytes -= bytes;
    }
  }
  return rows.length;
}

/** Re-reads, in one batch, the usage of tenants in use whose numbers are older than `maxAgeMs`. */
export async function refreshUsage(maxAgeMs = meteringSettings.usageRefreshMs, now = Date.now()): Promise<number> {
  const s = state();
  const period = periodOf(now);
  const stale: string[] = [];
  for (const [id, u] of s.usage.entries()) {
    if (u.period.start === period.start && now - u.loadedAt >= maxAgeMs && u.usedAt > u.loadedAt && !s.loading.has(id)) stale.push(id);
  }
  for (let i = 0; i < stale.length; i += 1000) {
    const batch = stale.slice(i, i + 1000);
    const totals = await periodTotals(batch, period.start, period.end, COUNTERS, GAUGES);
    for (const id of batch) s.usage.set(id, fromTotals(s, id, period, totals.get(id)!, now));
  }
  return stale.length;
}

/**
 * Flushes and refreshes in one loop, so a refresh never reads the table while a flush is half done.
 * The refresh runs every TENANTRY_USAGE_REFRESH_MS (10 s: how soon other instances' usage counts here);
 * the flush every TENANTRY_USAGE_FLUSH_MS (60 s by default): each flush writes a row per busy tenant
 * and meter, and the rollup then merges each into its hourly and daily rows — a fixed database cost
 * per busy tenant and flush, whatever its request rate. At 30 s that cost was still 0.75-1 % of a
 * data-plane request's CPU with 1,000 busy tenants (bench/metering-overhead.ts; docs/metering.md).
 */
export function startUsageFlusher(flushEveryMs = meteringSettings.usageFlushMs, refreshEveryMs = meteringSettings.usageRefreshMs): void {
  const s = state();
  if (s.timer) return;
  let lastFlush = Date.now();
  s.timer = setInterval(() => {
    if (s.busy) return;
    s.busy = (async () => {
      if (Date.now() - lastFlush >= flushEveryMs - 50) {
        lastFlush = Date.now();
        await flushUsage().catch((e) => console.error("[usage] flush failed:", e.message));
      }
      await refreshUsage(refreshEveryMs).catch((e) => console.error("[usage] refresh failed:", e.message));
    })().finally(() => (s.busy = undefined));
  }, Math.min(flushEveryMs, refreshEveryMs));
  s.timer.unref();
}

export async function stopUsageFlusher(): Promise<void> {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  s.timer = undefined;
  await s.busy;
  await flushUsage().catch((e) => console.error("[usage] final flush failed:", e.message));
}

/** Forgets every tenant's cached usage (tests; a changed usage table). Buffered counts are kept. */
export function clearUsageCache(): void {
  state().usage.clear();
}
