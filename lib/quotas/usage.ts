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
import { envNumber } from "../env";
import { createBatchLoader, type BatchLoader } from "../cache/batch";
import { periodTotals, type PeriodTotals } from "../metering/read";
import { meteringSettings } from "../metering/settings";
import { writeEvents, type EventRow } from "../metering/writer";
import { GAUGES, METRIC_KIND, METRICS, isMetric, type Metric } from "./metrics";
import { periodOf, type Period } from "./period";

export interface PeriodUsage {
  tenantId: string;
  period: Period;
  sums: Map<string, number>;
  gauges: Map<string, { value: number; at: number }>;
  loadedAt: number;
  usedAt: number;
}

/** What this instance served for a tenant since the last flush: requests and their bytes. */
interface Pending {
  count: number;
  bytes: number;
  period: Period;
}

type State = {
  usage: LRUCache<string, PeriodUsage>;
  loading: Map<string, Promise<PeriodUsage>>;
  pending: Map<string, Pending>;
  /**
   * Counts taken out of `pending` by a flush that has not committed yet, by tenant; and last month's
   * remainders parked at a month boundary, by `${tenantId}@${period start}`.
   */
  inFlight: Map<string, number>;
  /** The same for egress_bytes. */
  inFlightBytes: Map<string, number>;
  timer?: NodeJS.Timeout;
  busy?: Promise<void>;
};
type Globals = { __tenantryUsage?: State };
const g = globalThis as Globals;

const COUNTERS = METRICS.filter((m) => METRIC_KIND[m] === "counter");

const ms = (name: string, fallback: number) => envNumber(name, fallback, { min: 1 });

function state(): State {
  return (g.__tenantryUsage ??= {
    usage: new LRUCache<string, PeriodUsage>({ max: 100_000 }),
    loading: new Map(),
    pending: new Map(),
    inFlight: new Map(),
    inFlightBytes: new Map(),
  });
}

/** From memory: the tenant's usage this period, or undefined when it must be loaded. */
export function usageCached(tenantId: string, now = Date.now()): PeriodUsage | undefined {
  const u = state().usage.get(tenantId);
  if (!u || u.period.start !== periodOf(now).start) return undefined;
  u.usedAt = now;
  return u;
}

/** This period's requests and bytes counted here but not yet in the database (pending or being written). */
function unflushed(s: State, tenantId: string, period: Period): { count: number; bytes: number } {
  const p = s.pending.get(tenantId);
  const mine = p && p.period.start === period.start;
  return {
    count: (mine ? p.count : 0) + (s.inFlight.get(tenantId) ?? 0),
    bytes: (mine ? p.bytes : 0) + (s.inFlightBytes.get(tenantId) ?? 0),
  };
}

function fromTotals(s: State, tenantId: string, period: Period, t: { sums: Map<string, number>; gauges: Map<string, { value: number; at: number }> }, now: number): PeriodUsage {
  const sums = t.sums;
  const extra = unflushed(s, tenantId, period);
  if (extra.count) sums.set("api_requests", (sums.get("api_requests") ?? 0) + extra.count);
  if (extra.bytes) sums.set("egress_bytes", (sums.get("egress_bytes") ?? 0) + extra.bytes);
  return { tenantId, period, sums, gauges: t.gauges, loadedAt: now, usedAt: now };
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
  return METRIC_KIND[metric] === "gauge" ? (u.gauges.get(metric)?.value ?? 0) : (u.sums.get(metric) ?? 0);
}

/**
 * Counts one served data-plane request (`api_requests`) and its bytes (`egress_bytes`): in memory now,
 * in the database at the next flush. TENANTRY_AUTO_METERING=off turns both off.
 */
export function countRequest(tenantId: string, now = Date.now(), bytes = 0): void {
  if (!autoMetering) return;
  const s = state();
  const period = periodOf(now);
  // One record per tenant, found by its id alone: this runs on every data-plane request.
  let p = s.pending.get(tenantId);
  if (!p || p.period.start !== period.start) {
    // A month boundary: last month's remainder is written with the next flush, under last month.
    if (p) park(s, tenantId, p);
    p = { count: 0, bytes: 0, period };
    s.pending.set(tenantId, p);
  }
  p.count++;
  p.bytes += bytes;
  // peek: usageCached has just made this tenant the most recent.
  const u = s.usage.peek(tenantId);
  if (u && u.period.start === period.start) {
    u.sums.set("api_requests", (u.sums.get("api_requests") ?? 0) + 1);
    if (bytes > 0) u.sums.set("egress_bytes", (u.sums.get("egress_bytes") ?? 0) + bytes);
  }
}

function park(s: State, tenantId: string, p: Pending): void {
  const k = `${tenantId}@${p.period.start}`;
  s.inFlight.set(k, (s.inFlight.get(k) ?? 0) + p.count);
  if (p.bytes) s.inFlightBytes.set(k, (s.inFlightBytes.get(k) ?? 0) + p.bytes);
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
      u.sums.set(e.metric, (u.sums.get(e.metric) ?? 0) + e.value);
    }
  }
}

/** Writes the buffered request counts and bytes: one row per tenant and meter per flush. Returns the rows written. */
export async function flushUsage(now = Date.now()): Promise<number> {
  const s = state();
  const rows: EventRow[] = [];
  const taken: [string, Pending][] = [...s.pending];
  for (const [tenantId, p] of taken) {
    const at = Math.max(p.period.start, Math.min(now, p.period.end - 1));
    rows.push({ tenantId, metric: "api_requests", value: p.count, occurredAt: at, idempotencyKey: null });
    if (p.bytes > 0) rows.push({ tenantId, metric: "egress_bytes", value: p.bytes, occurredAt: at, idempotencyKey: null });
  }
  // Last month's remainders, parked by countRequest at the boundary.
  const unparked: [Map<string, number>, string, number][] = [];
  const parked = (m: Map<string, number>, metric: string) => {
    for (const [k, value] of [...m]) {
      const at = k.indexOf("@");
      if (at < 0) continue;
      rows.push({ tenantId: k.slice(0, at), metric, value, occurredAt: Number(k.slice(at + 1)), idempotencyKey: null });
      m.delete(k);
      unparked.push([m, k, value]);
    }
  };
  parked(s.inFlight, "api_requests");
  parked(s.inFlightBytes, "egress_bytes");
  if (rows.length === 0) return 0;
  s.pending.clear();
  // Until the write commits, a reload of a tenant's usage adds these (unflushed): they are in neither
  // `pending` nor the database.
  const add = (m: Map<string, number>, id: string, n: number) => n && m.set(id, (m.get(id) ?? 0) + n);
  for (const [id, p] of taken) {
    add(s.inFlight, id, p.count);
    add(s.inFlightBytes, id, p.bytes);
  }
  try {
    await writeEvents(rows);
  } catch (e) {
    // Put the counts back for the next flush; nothing is lost while the process lives.
    const period = periodOf(now);
    for (const [id, t] of taken) {
      const p = s.pending.get(id);
      if (p && p.period.start === t.period.start) {
        p.count += t.count;
        p.bytes += t.bytes;
      } else if (!p && t.period.start === period.start) s.pending.set(id, { ...t });
      else park(s, id, t);
    }
    for (const [m, k, n] of unparked) m.set(k, (m.get(k) ?? 0) + n);
    throw e;
  } finally {
    const sub = (m: Map<string, number>, id: string, n: number) => {
      const left = (m.get(id) ?? 0) - n;
      if (left > 0) m.set(id, left);
      else m.delete(id);
    };
    for (const [id, p] of taken) {
      sub(s.inFlight, id, p.count);
      sub(s.inFlightBytes, id, p.bytes);
    }
  }
  return rows.length;
}

/** Re-reads, in one batch, the usage of tenants in use whose numbers are older than `maxAgeMs`. */
export async function refreshUsage(maxAgeMs = ms("TENANTRY_USAGE_REFRESH_MS", 10_000), now = Date.now()): Promise<number> {
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
 * the flush every TENANTRY_USAGE_FLUSH_MS (30 s by default): each flush writes a row per busy tenant
 * and meter, and the rollup then merges each into its hourly and daily rows. At 10 s that database
 * work alone was 1.2-1.6 % of a data-plane request's CPU with 1,000 busy tenants
 * (bench/metering-overhead.ts).
 */
export function startUsageFlusher(flushEveryMs = ms("TENANTRY_USAGE_FLUSH_MS", 30_000), refreshEveryMs = ms("TENANTRY_USAGE_REFRESH_MS", 10_000)): void {
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
