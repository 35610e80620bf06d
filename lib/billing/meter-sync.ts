// Meter sync: Tenantry's hourly usage → Stripe meter events, through a ledger (billing_meter_reports).
//
// 1. Plan: for each billed tenant, metric and UTC hour slice, compare Tenantry's total (from
//    lib/metering/read.ts hourlySlices) with what the ledger already holds, and write the difference as
//    a new ledger row (seq n+1) with a deterministic identifier `<tenant>:<metric>:<slice>:<seq>`.
//    The unique key (tenant, metric, slice, seq) means two workers planning at once write one row.
//    Counters are reported in whole units (floor of the slice's total; the fraction follows in a later
//    delta once it adds up); gauges report the slice's level, and a changed level is a new row.
// 2. Send: pending rows are claimed with FOR UPDATE SKIP LOCKED in a transaction that stays open while
//    they are sent and is committed with their `sent` marks. A worker killed mid-batch rolls back its
//    marks (the rows are pending again, claimable at once); resending them carries the same
//    identifier (and Idempotency-Key), which Stripe deduplicates, so nothing is billed twice and
//    nothing is lost. Send overlaps plan (it starts at plan's first committed insert) and keeps its
//    senders busy across batches: the next batch is claimed while one drains, and each batch commits
//    when its own last row is answered (at most MAX_OPEN_BATCHES open at once).
// Stripe's rules: event timestamps at most 35 days back (older slices are reported with the oldest
// allowed timestamp) and 5 minutes ahead (only complete past hours are reported); bounded concurrency
// (≤ 100 requests in flight); connection errors, 409, 429 and 5xx are retried by this loop alone
// (meter-sync-retry.ts: capped, jittered backoff honouring Retry-After and Stripe-Should-Retry; the
// SDK's own retries are off for these calls), and what still fails stays pending for the next pass.
import type pg from "pg";
import type Stripe from "stripe";
import { pool } from "../db/pool";
import { hourlySlices } from "../metering/read";
import { METRIC_KIND, type Metric } from "../quotas/metrics";
import { billingConfig, stripe } from "./config";
import { stripeErrorMessage } from "./errors";
import { retryDelay } from "./meter-sync-retry";
import type { MeterSyncOptions, MeterSyncResult, MeterSyncState } from "./types";

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Stripe refuses meter events older than 35 days; keep an hour's margin for the time spent queued. */
const OLDEST_ALLOWED_MS = 35 * DAY - HOUR;
const TENANT_CHUNK = 250;
const SEND_BATCH = 500;
const MAX_CONCURRENCY = 100;
/**
 * Claimed batches open at once (each holds a pooled connection and its transaction). Bounded because a
 * row waiting out retries keeps its batch open: without a bound, 100 senders each stuck in a different
 * batch would take 100 connections from the pool the web app shares.
 */
const MAX_OPEN_BATCHES = 3;
const STATE_KEY = "meter_sync";

function lookbackMs(): number {
  const raw = process.env.TENANTRY_BILLING_SYNC_LOOKBACK_DAYS;
  const days = raw ? Number(raw) : 35;
  if (!Number.isFinite(days) || days <= 0) throw new Error(`TENANTRY_BILLING_SYNC_LOOKBACK_DAYS must be a positive number, got "${raw}"`);
  return days * DAY;
}

export function meterIdentifier(tenantId: string, metric: string, sliceStart: number, seq: number): string {
  return `${tenantId}:${metric}:${new Date(sliceStart).toISOString().replace(".000Z", "Z")}:${seq}`;
}

/** The meter event's timestamp (seconds): the slice start (+ seq − 1 s, so corrections order after the level they correct), clamped into Stripe's window. */
export function eventTimestamp(sliceStart: number, seq: number, now: number): number {
  const t = Math.max(sliceStart + (seq - 1) * 1000, now - OLDEST_ALLOWED_MS);
  return Math.floor(Math.min(t, now) / 1000);
}

interface LedgerSum {
  reported: number;
  maxSeq: number;
  last: number;
}

/** Step 1: writes ledger rows for what Tenantry has and Stripe has not been told. Returns rows written and slices seen. */
async function plan(tenantIds: string[], metrics: Metric[], now: number, progress: PlanProgress): Promise<{ queued: number; slices: number }> {
  const to = Math.floor(now / HOUR) * HOUR; // complete hours only
  const from = Math.floor((now - lookbackMs()) / HOUR) * HOUR;
  let queued = 0;
  let slices = 0;
  for (let i = 0; i < tenantIds.length; i += TENANT_CHUNK) {
    const ids = tenantIds.slice(i, i + TENANT_CHUNK);
    const [usage, ledger] = await Promise.all([
      hourlySlices(ids, metrics, from, to),
      pool().query<{ tenant_id: string; metric: string; slice_start: Date; reported: string; max_seq: number; last: string }>(
        `SELECT tenant_id, metric, slice_start, sum(value) AS reported, max(seq) AS max_seq, (array_agg(value ORDER BY seq DESC))[1] AS last
         FROM billing_meter_reports WHERE tenant_id = ANY($1) AND slice_start >= $2 GROUP BY 1, 2, 3`,
        [ids, new Date(from)],
      ),
    ]);
    slices += usage.length;
    const sums = new Map<string, LedgerSum>();
    for (const r of ledger.rows) {
      sums.set(`${r.tenant_id}|${r.metric}|${r.slice_start.getTime()}`, { reported: Number(r.reported), maxSeq: r.max_seq, last: Number(r.last) });
    }
    const rows: { tenant: string; metric: string; slice: Date; seq: number; value: number; cumulative: number; identifier: string; ts: Date }[] = [];
    for (const s of usage) {
      const prior = sums.get(`${s.tenantId}|${s.metric}|${s.t}`);
      const gauge = METRIC_KIND[s.metric] === "gauge";
      let value: number;
      let cumulative: number;
      if (gauge) {
        const level = Math.round(s.value);
        if (prior && prior.last === level) continue;
        value = cumulative = level;
      } else {
        const whole = Math.floor(s.value);
        const delta = whole - (prior?.reported ?? 0);
        // A smaller total than reported (usage deleted) cannot be un-billed by a meter event; the
        // reconciliation shows the difference.
        if (delta <= 0) continue;
        value = delta;
        cumulative = whole;
      }
      const seq = (prior?.maxSeq ?? 0) + 1;
      rows.push({
        tenant: s.tenantId,
        metric: s.metric,
        slice: new Date(s.t),
        seq,
        value,
        cumulative,
        identifier: meterIdentifier(s.tenantId, s.metric, s.t, seq),
        ts: new Date(eventTimestamp(s.t, seq, now) * 1000),
      });
    }
    for (let j = 0; j < rows.length; j += 1000) {
      const b = rows.slice(j, j + 1000);
      const r = await pool().query(
        `INSERT INTO billing_meter_reports (tenant_id, metric, slice_start, seq, value, cumulative, identifier, event_timestamp)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::bigint[], $6::bigint[], $7::text[], $8::timestamptz[])
         ON CONFLICT DO NOTHING`,
        [b.map((x) => x.tenant), b.map((x) => x.metric), b.map((x) => x.slice), b.map((x) => x.seq), b.map((x) => x.value), b.map((x) => x.cumulative), b.map((x) => x.identifier), b.map((x) => x.ts)],
      );
      queued += r.rowCount ?? 0;
      progress.bump();
    }
  }
  return { queued, slices };
}

interface PendingRow {
  id: string;
  tenant_id: string;
  metric: string;
  value: string;
  identifier: string;
  event_timestamp: Date;
  customer: string | null;
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * The SDK formats `new Error().stack` on every request (to append the call site to a later error);
 * under tsx, with source maps on, that formatting was the largest single CPU cost of a sync pass
 * (measured: ~4 s of 26 s for 36,000 events). The call site is of no use here (a failure is stored
 * as its message), so the stack is captured empty. The change is synchronous and restored before
 * anything else runs.
 */
function withoutCallSiteStack<T>(call: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return call();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function sendOne(s: Stripe, row: PendingRow, eventName: string): Promise<{ ok: true } | { ok: false; error: string; retimestamp?: Date }> {
  let ts = Math.floor(row.event_timestamp.getTime() / 1000);
  let retimestamp: Date | undefined;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      await withoutCallSiteStack(() =>
        s.billing.meterEvents.create(
          { event_name: eventName, payload: { stripe_customer_id: row.customer!, value: row.value }, identifier: row.identifier, timestamp: ts },
          { idempotencyKey: `tenantry-meter-${row.identifier}-${ts}`, maxNetworkRetries: 0 },
        ),
      );
      return { ok: true };
    } catch (e) {
      const param = (e as { param?: string; raw?: { param?: string } } | null)?.raw?.param ?? (e as { param?: string } | null)?.param;
      // A row left pending past Stripe's window: its slice start is too old now; report it at the
      // oldest allowed time (the identifier, which Stripe deduplicates on, stays the same).
      if ((e as { statusCode?: number }).statusCode === 400 && param === "timestamp" && attempt < 1) {
        ts = Math.floor((Date.now() - OLDEST_ALLOWED_MS) / 1000);
        retimestamp = new Date(ts * 1000);
        continue;
      }
      const wait = retryDelay(e, attempt, waited);
      if (wait === null) return { ok: false, error: stripeErrorMessage(e), retimestamp };
      waited += wait;
      await sleep(wait);
    }
  }
}

/**
 * Plan → send hand-off: plan bumps `gen` after each committed insert, so a sender that found nothing
 * pending waits for more instead of stopping while plan is still writing rows.
 */
class PlanProgress {
  gen = 0;
  done = false;
  private waiters: (() => void)[] = [];
  bump(): void {
    this.gen++;
    const w = this.waiters;
    this.waiters = [];
    for (const ok of w) ok();
  }
  finish(): void {
    this.done = true;
    this.bump();
  }
  next(): Promise<void> {
    return new Promise((ok) => this.waiters.push(ok));
  }
}

interface Batch {
  client: pg.PoolClient;
  remaining: number;
  ok: string[];
  bad: { id: string; error: string; retimestamp?: Date }[];
}

/**
 * Step 2: sends pending ledger rows. Each claimed batch is its own transaction, committed with its
 * marks once its last row is answered; the next batch is claimed while the current one drains, so
 * the `concurrency` senders stay busy across batches instead of waiting at each batch's end (the
 * tail, the marks and the next claim used to cost ~0.2 s per 500 rows). At most a few batches are
 * open at once: a claim is started only when fewer than `concurrency` claimed rows are waiting and
 * fewer than MAX_OPEN_BATCHES batches are open.
 */
async function send(tenantIds: string[] | null, concurrency: number, progress: PlanProgress): Promise<{ sent: number; failed: number; maxInFlight: number }> {
  const events = new Map((await pool().query<{ metric: string; event_name: string }>("SELECT metric, event_name FROM billing_meters")).rows.map((r) => [r.metric, r.event_name]));
  const s = stripe();
  let sent = 0;
  let failed = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  // Rows that failed in this pass are not claimed again by it (they stay pending for the next pass).
  const failedIds = new Set<string>();
  const queue: { row: PendingRow; batch: Batch }[] = [];
  const open = new Set<Batch>();
  let exhausted = false;
  let failure: unknown = null;
  let claiming: Promise<void> | null = null;
  // Senders with nothing to send and no claim allowed wait here for a batch to close (or a failure).
  let idle: (() => void)[] = [];
  const wake = () => {
    const w = idle;
    idle = [];
    for (const ok of w) ok();
  };

  const claimOnce = async (): Promise<number> => {
    const c: pg.PoolClient = await pool().connect();
    try {
      await c.query("BEGIN");
      const args: unknown[] = [SEND_BATCH, [...failedIds]];
      const filter = tenantIds ? `AND r.tenant_id = ANY($${args.push(tenantIds)})` : "";
      const { rows } = await c.query<PendingRow>(
        `SELECT r.id, r.tenant_id, r.metric, r.value::text AS value, r.identifier, r.event_timestamp, t.stripe_customer_id AS customer
         FROM billing_meter_reports r JOIN tenants t ON t.id = r.tenant_id
         WHERE r.status = 'pending' AND NOT (r.id = ANY($2::bigint[])) ${filter}
         ORDER BY r.id LIMIT $1 FOR UPDATE OF r SKIP LOCKED`,
        args,
      );
      if (rows.length === 0) {
        await c.query("COMMIT");
        c.release();
        return 0;
      }
      const batch: Batch = { client: c, remaining: rows.length, ok: [], bad: [] };
      open.add(batch);
      for (const row of rows) queue.push({ row, batch });
      return rows.length;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      c.release();
      throw e;
    }
  };

  // One claim at a time; an empty claim while plan is still writing waits for plan's next insert.
  const refill = (): Promise<void> =>
    (claiming ??= (async () => {
      try {
        for (;;) {
          const gen = progress.gen;
          if ((await claimOnce()) > 0) return;
          if (progress.gen !== gen) continue;
          if (progress.done) {
            exhausted = true;
            return;
          }
          await progress.next();
        }
      } catch (e) {
        failure ??= e;
      } finally {
        claiming = null;
        wake();
      }
    })());

  const finish = async (b: Batch): Promise<void> => {
    const c = b.client;
    try {
      if (b.ok.length) await c.query("UPDATE billing_meter_reports SET status = 'sent', sent_at = now(), error = NULL, attempts = attempts + 1 WHERE id = ANY($1::bigint[])", [b.ok]);
      if (b.bad.length) {
        await c.query(
          `UPDATE billing_meter_reports r SET error = x.error, attempts = r.attempts + 1, event_timestamp = coalesce(x.ts, r.event_timestamp)
           FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS x(id, error, ts) WHERE r.id = x.id`,
          [b.bad.map((x) => x.id), b.bad.map((x) => x.error.slice(0, 1000)), b.bad.map((x) => x.retimestamp ?? null)],
        );
      }
      await c.query("COMMIT");
      open.delete(b);
      c.release();
      sent += b.ok.length;
      failed += b.bad.length;
    } catch (e) {
      failure ??= e; // the batch stays in `open` and is rolled back below
    } finally {
      wake();
    }
  };

  const worker = async () => {
    while (!failure) {
      // Claim ahead while the senders still have work, so none of them waits on the claim.
      if (queue.length < concurrency && !exhausted && (claiming || open.size < MAX_OPEN_BATCHES)) {
        const r = refill();
        if (queue.length === 0) await r;
      } else if (queue.length === 0 && !exhausted) {
        await new Promise<void>((ok) => idle.push(ok));
        continue;
      }
      const item = queue.shift();
      if (!item) {
        if (exhausted || failure) return;
        continue;
      }
      const { row, batch } = item;
      const eventName = events.get(row.metric);
      let result: Awaited<ReturnType<typeof sendOne>>;
      if (!eventName || !row.customer) {
        result = { ok: false, error: !row.customer ? "The tenant has no Stripe customer." : `No Stripe meter for ${row.metric}: run the catalogue sync.` };
      } else {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        result = await sendOne(s, row, eventName).finally(() => inFlight--);
      }
      if (result.ok) batch.ok.push(row.id);
      else {
        batch.bad.push({ id: row.id, error: result.error, retimestamp: result.retimestamp });
        failedIds.add(row.id);
      }
      if (--batch.remaining === 0) await finish(batch);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  await claiming;
  if (failure) {
    // Unmarked batches roll back: their rows are pending again; resending them is deduplicated.
    for (const b of open) {
      await b.client.query("ROLLBACK").catch(() => {});
      b.client.release();
    }
    throw failure;
  }
  return { sent, failed, maxInFlight };
}

type Globals = { __tenantryMeterSync?: Promise<MeterSyncResult> | null };
const g = globalThis as Globals;

/** One pass (the job's body): plan, then send. A second call while one runs in this process joins it. */
export async function runMeterSync(opts: MeterSyncOptions = {}): Promise<MeterSyncResult> {
  if (!opts.tenantIds && g.__tenantryMeterSync) return g.__tenantryMeterSync;
  const p = pass(opts);
  if (!opts.tenantIds) {
    g.__tenantryMeterSync = p;
    p.finally(() => (g.__tenantryMeterSync = null)).catch(() => {});
  }
  return p;
}

async function pass(opts: MeterSyncOptions): Promise<MeterSyncResult> {
  const started = Date.now();
  const now = opts.now ?? started;
  const empty: MeterSyncResult = { tenants: 0, slices: 0, queued: 0, sent: 0, failed: 0, durationMs: 0, planMs: 0, sendMs: 0, maxInFlight: 0 };
  if (!billingConfig().enabled) return empty;
  await saveState({ lastRunAt: new Date(started).toISOString() });
  try {
    const meters = (await pool().query<{ metric: Metric }>("SELECT metric FROM billing_meters")).rows.map((r) => r.metric);
    if (meters.length === 0) throw new Error("No Stripe meters yet: run the catalogue sync (npm run stripe:sync) first.");
    const tenants = (
      await pool().query<{ id: string }>(
        `SELECT id FROM tenants WHERE stripe_customer_id IS NOT NULL AND status <> 'deleted' ${opts.tenantIds ? "AND id = ANY($1)" : ""} ORDER BY id`,
        opts.tenantIds ? [opts.tenantIds] : [],
      )
    ).rows.map((r) => r.id);
    const concurrency = Math.max(1, Math.min(MAX_CONCURRENCY, opts.concurrency ?? 50));
    // Plan and send overlap: rows are sent as soon as their chunk's insert commits.
    const progress = new PlanProgress();
    let planMs = 0;
    const planning = plan(tenants, meters, now, progress).finally(() => {
      planMs = Date.now() - started;
      progress.finish();
    });
    const sendStarted = Date.now();
    const sending = send(opts.tenantIds ?? null, concurrency, progress);
    const [p, q] = await Promise.allSettled([planning, sending]);
    if (p.status === "rejected") throw p.reason;
    if (q.status === "rejected") throw q.reason;
    const planned = p.value;
    const s = q.value;
    const sendMs = Date.now() - sendStarted;
    const result: MeterSyncResult = { tenants: tenants.length, slices: planned.slices, queued: planned.queued, sent: s.sent, failed: s.failed, durationMs: Date.now() - started, planMs, sendMs, maxInFlight: s.maxInFlight };
    await saveState({ finishedAt: new Date().toISOString(), lastError: s.failed ? `${s.failed} meter event(s) could not be sent; they stay pending for the next pass.` : null, lastRun: result });
    return result;
  } catch (e) {
    await saveState({ finishedAt: new Date().toISOString(), lastError: stripeErrorMessage(e) }).catch(() => {});
    throw e;
  }
}

async function saveState(patch: Record<string, unknown>): Promise<void> {
  await pool().query(
    `INSERT INTO billing_state (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = billing_state.value || $2::jsonb, updated_at = now()`,
    [STATE_KEY, JSON.stringify(patch)],
  );
}

export async function meterSyncState(): Promise<MeterSyncState> {
  const [st, backlog] = await Promise.all([
    pool().query<{ value: { lastRunAt?: string; finishedAt?: string; lastError?: string | null; lastRun?: MeterSyncResult } }>("SELECT value FROM billing_state WHERE key = $1", [STATE_KEY]),
    pool().query<{ pending: number; failing: number }>(
      "SELECT count(*)::int AS pending, count(*) FILTER (WHERE error IS NOT NULL)::int AS failing FROM billing_meter_reports WHERE status = 'pending'",
    ),
  ]);
  const v = st.rows[0]?.value ?? {};
  return {
    lastRunAt: v.lastRunAt ? new Date(v.lastRunAt) : null,
    lastRunFinishedAt: v.finishedAt ? new Date(v.finishedAt) : null,
    lastError: v.lastError ?? null,
    backlog: backlog.rows[0].pending,
    failing: backlog.rows[0].failing,
    lastRun: v.lastRun ?? null,
  };
}

/** One tenant's sync state for its Billing tab. */
export async function tenantMeterSyncState(tenantId: string): Promise<{ lastSyncedAt: Date | null; lastError: string | null; pendingDeltas: number }> {
  const r = await pool().query<{ last: Date | null; pending: number; error: string | null }>(
    `SELECT max(sent_at) AS last, count(*) FILTER (WHERE status = 'pending')::int AS pending,
            (array_agg(error ORDER BY id DESC) FILTER (WHERE status = 'pending' AND error IS NOT NULL))[1] AS error
     FROM billing_meter_reports WHERE tenant_id = $1`,
    [tenantId],
  );
  return { lastSyncedAt: r.rows[0]?.last ?? null, lastError: r.rows[0]?.error ?? null, pendingDeltas: r.rows[0]?.pending ?? 0 };
}
