// The rollups ("continuous aggregates" in plain PostgreSQL): usage_hourly and usage_daily are brought
// up to a watermark on the RECEIVED time of events, incrementally.
//
// One run, in one transaction per step on one pooled connection (a new connection every few seconds
// cost a backend start, authentication and a cold catalog cache each time, for a few ms of work):
//   1. lock the cursor row (metering_state 'rollup'); if another runner holds it, skip (NOWAIT);
//   2. pick the new watermark: now − TENANTRY_ROLLUP_LAG_MS, but never past the start of any
//      transaction still open in this database — an insert in flight has received_at = its
//      transaction's start and becomes visible only at commit, so it can never land behind the cursor;
//   3. aggregate the events received in [old, new) per tenant, metric and hour, and merge them into the
//      hourly and daily rollups (sum and count add, max is the greater, last is the later by occurred_at);
//   4. move the cursor; commit.
// The merge and the cursor move commit together, so a failed or killed run changes nothing and a retry
// or a second runner can never add an event twice. Late events (dated hours or days back) are just
// events received after the cursor: they are merged into the old buckets they belong to.
//
// A run takes at most TENANTRY_ROLLUP_CHUNK_S seconds of received events per transaction and loops
// until it has caught up (or its time budget is spent), so a backlog never becomes one huge transaction.
import pg from "pg";
import { pool } from "../db/pool";
import { noteRollup } from "../metrics/registry";
import { gaugeMetricsFrom } from "./registry";
import { meteringSettings } from "./settings";

export interface RollupResult {
  /** Transactions that moved the cursor. */
  steps: number;
  /** Rollup rows written (hourly + daily, inserted or merged). */
  rows: number;
  /** Events aggregated. */
  events: number;
  /** The watermark after the run, ms since the epoch; null when another runner held the cursor. */
  watermark: number | null;
  caughtUp: boolean;
}

const CHUNK_ROWS = 200_000;

const chunkMs = () => meteringSettings.rollupChunkSeconds * 1000;

// How a bucket absorbs a delta row `d`: sum and count add, max is the greater, last is the later by
// occurred_at. `t` is the rollup row.
const ABSORB = (t: string, d: string) => `sum = ${t}.sum + ${d}.sum,
    max = greatest(${t}.max, ${d}.max),
    last = CASE WHEN ${d}.last_at IS NOT NULL AND (${t}.last_at IS NULL OR ${d}.last_at >= ${t}.last_at)
                THEN ${d}.last ELSE ${t}.last END,
    last_at = greatest(${t}.last_at, ${d}.last_at),
    count = ${t}.count + ${d}.count`;

// Buckets that exist are updated through a join, and only the new ones are inserted. A plain
// INSERT … ON CONFLICT DO UPDATE for every bucket (the earlier form) costs a speculative insertion and
// a row lock (a WAL record of its own) per bucket, and with data-plane metering nearly every bucket
// already exists: each flush adds to the current hour and day of every busy tenant. This form is
// several times cheaper per bucket (with the tables' fillfactor leaving room for HOT updates; see
// docs/metering.md). Both parts see the statement's one snapshot, so "not in the table" in the INSERT
// means exactly "not updated" by the UPDATE. The INSERT keeps ON CONFLICT only as a guard: runs hold
// the cursor's row lock, so nothing else inserts buckets meanwhile.
const MERGE_INTO = (table: string, delta: string) => `${table}_updated AS (
    UPDATE ${table} t SET ${ABSORB("t", "d")}
    FROM ${delta} d WHERE t.tenant_id = d.tenant_id AND t.metric = d.metric AND t.bucket = d.bucket
    RETURNING 1
  ), ${table}_inserted AS (
    INSERT INTO ${table} AS t (tenant_id, metric, bucket, sum, max, last, last_at, count)
    SELECT tenant_id, metric, bucket, sum, max, last, last_at, count FROM ${delta} d
    WHERE NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.tenant_id = d.tenant_id AND x.metric = d.metric AND x.bucket = d.bucket)
    ORDER BY 1, 2, 3
    ON CONFLICT (tenant_id, metric, bucket) DO UPDATE SET ${ABSORB("t", "excluded")}
    RETURNING 1
  )`;

// $1 lower bound (inclusive), $2 upper bound (exclusive) of received_at; $3 the gauge metrics.
const STEP = `WITH delta AS MATERIALIZED (
    SELECT tenant_id, metric, date_trunc('hour', occurred_at, 'UTC') AS bucket, sum(value) AS sum, max(value) AS max,
           (array_agg(value ORDER BY occurred_at DESC, id DESC) FILTER (WHERE metric = ANY($3)))[1] AS last,
           max(occurred_at) FILTER (WHERE metric = ANY($3)) AS last_at, count(*) AS count
    FROM usage_events WHERE received_at >= $1 AND received_at < $2
    GROUP BY 1, 2, 3
  ), daily_delta AS MATERIALIZED (
    SELECT tenant_id, metric, date_trunc('day', bucket, 'UTC') AS bucket, sum(sum) AS sum, max(max) AS max,
           (array_agg(last ORDER BY last_at DESC NULLS LAST))[1] AS last, max(last_at) AS last_at, sum(count) AS count
    FROM delta GROUP BY 1, 2, 3
  ), ${MERGE_INTO("usage_hourly", "delta")}, ${MERGE_INTO("usage_daily", "daily_delta")}
  SELECT (SELECT count(*) FROM usage_hourly_updated)::int + (SELECT count(*) FROM usage_hourly_inserted)::int
       + (SELECT count(*) FROM usage_daily_updated)::int + (SELECT count(*) FROM usage_daily_inserted)::int AS rows,
         (SELECT coalesce(sum(count), 0) FROM delta)::bigint AS events`;

/** One transaction: merges events received in [watermark, next) and moves the watermark. */
async function step(c: pg.ClientBase, lagMs: number): Promise<{ moved: boolean; rows: number; events: number; watermark: number; caughtUp: boolean } | null> {
  await c.query("BEGIN");
  try {
    let cur: Date;
    try {
      const r = await c.query<{ watermark: Date }>("SELECT watermark FROM metering_state WHERE name = 'rollup' FOR UPDATE NOWAIT");
      cur = r.rows[0].watermark;
    } catch (e) {
      if ((e as { code?: string }).code === "55P03") {
        await c.query("ROLLBACK");
        return null; // another runner is at it
      }
      throw e;
    }
    const { rows: [b] } = await c.query<{ safe: Date; first: Date | null }>(
      `SELECT least(now() - make_interval(secs => $2::float8 / 1000),
                    coalesce((SELECT min(xact_start) FROM pg_stat_activity
                              WHERE datname = current_database() AND pid <> pg_backend_pid()
                                AND backend_type = 'client backend' AND xact_start IS NOT NULL), 'infinity')) AS safe,
              (SELECT min(received_at) FROM usage_events WHERE received_at >= $1) AS first`,
      [cur, lagMs],
    );
    const safe = b.safe.getTime();
    if (safe <= cur.getTime()) {
      await c.query("ROLLBACK");
      return { moved: false, rows: 0, events: 0, watermark: cur.getTime(), caughtUp: true };
    }
    // Skip empty stretches at once. One transaction takes TENANTRY_ROLLUP_CHUNK_S of received time,
    // or more when that holds fewer than CHUNK_ROWS events (history loaded over days), never past `safe`.
    // With nothing received since the cursor, it goes straight to `safe`: stepping a chunk at a time
    // from the migration's 'epoch' cursor on a store with no events yet (automatic metering off, no
    // ingest) took ~29M empty transactions, a rollup that never caught up.
    const from = cur.getTime();
    const start = b.first && b.first.getTime() > from ? b.first.getTime() : from;
    let next = b.first ? Math.min(safe, start + chunkMs()) : safe;
    if (b.first && next < safe) {
      const { rows: nth } = await c.query<{ received_at: Date }>(
        "SELECT received_at FROM usage_events WHERE received_at >= $1 ORDER BY received_at OFFSET $2 LIMIT 1",
        [new Date(start), CHUNK_ROWS],
      );
      const far = nth.length ? nth[0].received_at.getTime() : safe;
      next = Math.min(safe, Math.max(next, far === start ? start + 1 : far));
    }
    let rows = 0;
    let events = 0;
    if (b.first && b.first.getTime() < next) {
      // From the table, not memory: a rollup worker need not have heard of a metric registered elsewhere.
      const r = await c.query<{ rows: number; events: string }>(STEP, [cur, new Date(next), await gaugeMetricsFrom(c)]);
      rows = r.rows[0].rows;
      events = Number(r.rows[0].events);
    }
    await c.query("UPDATE metering_state SET watermark = $1, updated_at = now() WHERE name = 'rollup'", [new Date(next)]);
    await c.query("COMMIT");
    return { moved: true, rows, events, watermark: next, caughtUp: next >= safe };
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/** Brings the rollups up to date (or as far as `budgetMs` allows). */
export async function runRollup(opts: { lagMs?: number; budgetMs?: number } = {}): Promise<RollupResult> {
  const lagMs = opts.lagMs ?? meteringSettings.rollupLagMs;
  const deadline = Date.now() + (opts.budgetMs ?? 30_000);
  const out: RollupResult = { steps: 0, rows: 0, events: 0, watermark: null, caughtUp: false };
  try {
    const c = await pool().connect();
    let failed = false;
    try {
      for (;;) {
        const s = await step(c, lagMs);
        if (!s) break;
        out.watermark = s.watermark;
        if (s.moved) out.steps++;
        out.rows += s.rows;
        out.events += s.events;
        out.caughtUp = s.caughtUp;
        if (s.caughtUp || Date.now() >= deadline) break;
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // After a failure the connection is closed rather than reused: its state is unknown.
      c.release(failed);
    }
    noteRollup("ok", out.watermark ?? undefined);
    return out;
  } catch (e) {
    noteRollup("failed");
    throw e;
  }
}

/** The rollup watermark (ms since the epoch). */
export async function rollupWatermark(c?: pg.ClientBase): Promise<number> {
  const q = "SELECT watermark FROM metering_state WHERE name = 'rollup'";
  if (c) return (await c.query<{ watermark: Date }>(q)).rows[0].watermark.getTime();
  const { pool } = await import("../db/pool");
  return (await pool().query<{ watermark: Date }>(q)).rows[0].watermark.getTime();
}
