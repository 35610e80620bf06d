// usage_events' daily partitions (usage_events_pYYYYMMDD: events RECEIVED in [00:00, 24:00) UTC of
// that day; see the migration 20261123140845 for why received time). Created ahead so an insert always
// finds its day's partition; the DEFAULT partition catches anything outside them (a bulk load with
// explicit old received_at, a clock far off) and its rows are moved into a proper partition as soon as
// one is created for their day. Partitions older than the retention are dropped whole (no DELETE, no
// bloat).
//
// DDL runs on a short-lived connection of its own, never a pooled one: it takes locks on usage_events
// for a moment, and a pooled connection stuck behind a lock would stall the data plane.
import pg from "pg";
import { databaseUrl } from "../db/pool";
import { withClient } from "../db/short-client";
import { meteringSettings } from "./settings";

const DAY = 86_400_000;

export function partitionName(dayStart: number): string {
  const d = new Date(dayStart);
  return `usage_events_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
}

const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;

function withConnection<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withClient(databaseUrl(), "tenantry-metering-ddl", fn);
}

/** The day starts (ms) of the existing daily partitions, sorted. */
export async function listPartitions(c?: pg.ClientBase): Promise<number[]> {
  const run = async (cl: pg.ClientBase) => {
    const { rows } = await cl.query<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'public.usage_events'::regclass AND c.relname ~ '^usage_events_p[0-9]{8}$'`,
    );
    return rows
      .map((r) => Date.UTC(Number(r.relname.slice(14, 18)), Number(r.relname.slice(18, 20)) - 1, Number(r.relname.slice(20, 22))))
      .sort((a, b) => a - b);
  };
  return c ? run(c) : withConnection(run);
}

/**
 * Makes sure a partition exists for every UTC day in [from, to] (ms, received time). Rows of those days
 * sitting in the DEFAULT partition are moved into the new partition in the same transaction. Returns
 * the days created. (Loading history with explicit received_at values: create its days first.)
 */
export async function ensurePartitions(from: number, to: number): Promise<number[]> {
  return withConnection((c) => ensurePartitionsOn(c, from, to));
}

async function ensurePartitionsOn(c: pg.Client, from: number, to: number): Promise<number[]> {
  const have = new Set(await listPartitions(c));
  const created: number[] = [];
  for (let d = dayOf(from); d <= dayOf(to); d += DAY) {
    if (have.has(d)) continue;
    await createPartition(c, d);
    created.push(d);
  }
  return created;
}

async function createPartition(c: pg.Client, day: number): Promise<void> {
  const name = partitionName(day);
  const lo = new Date(day).toISOString();
  const hi = new Date(day + DAY).toISOString();
  await c.query("BEGIN");
  try {
    // One creator at a time (the maintenance job on several instances, start-up).
    await c.query("SELECT pg_advisory_xact_lock(hashtextextended('tenantry.usage_partitions', 0))");
    const exists = await c.query("SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = 'public'::regnamespace", [name]);
    if (exists.rowCount) return void (await c.query("COMMIT"));
    const stray = await c.query("SELECT 1 FROM usage_events_default WHERE received_at >= $1 AND received_at < $2 LIMIT 1", [lo, hi]);
    if (!stray.rowCount) {
      await c.query(`CREATE TABLE "${name}" PARTITION OF usage_events FOR VALUES FROM ('${lo}') TO ('${hi}')`);
    } else {
      // Attaching a range the DEFAULT partition holds rows of fails, so those rows move first.
      await c.query(`CREATE TABLE "${name}" (LIKE usage_events INCLUDING DEFAULTS)`);
      await c.query(
        `WITH moved AS (DELETE FROM usage_events_default WHERE received_at >= $1 AND received_at < $2 RETURNING *)
         INSERT INTO "${name}" SELECT * FROM moved`,
        [lo, hi],
      );
      await c.query(`ALTER TABLE usage_events ATTACH PARTITION "${name}" FOR VALUES FROM ('${lo}') TO ('${hi}')`);
    }
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/** Days that have rows in the DEFAULT partition (so maintenance can give them a partition). */
async function strayDays(c: pg.Client): Promise<number[]> {
  const { rows } = await c.query<{ d: Date }>("SELECT DISTINCT date_trunc('day', received_at, 'UTC') AS d FROM usage_events_default");
  return rows.map((r) => r.d.getTime());
}

/**
 * Drops the daily partitions that ended more than `retentionDays` ago (by received time: an event is
 * kept at least `retentionDays` after its time). Returns the days dropped.
 */
export async function dropExpiredPartitions(retentionDays = meteringSettings.retentionDays, now = Date.now()): Promise<number[]> {
  return withConnection((c) => dropExpiredOn(c, retentionDays, now));
}

async function dropExpiredOn(c: pg.Client, retentionDays: number, now: number): Promise<number[]> {
  const cutoff = dayOf(now) - retentionDays * DAY;
  const dropped: number[] = [];
  for (const d of await listPartitions(c)) {
    if (d + DAY > cutoff) continue;
    await c.query(`DROP TABLE IF EXISTS "${partitionName(d)}"`);
    dropped.push(d);
  }
  // Expired rows in the DEFAULT partition (never given a partition) go too; so do hourly rollups of
  // that age (the daily rollups are kept: they are small and hold the history).
  await c.query("DELETE FROM usage_events_default WHERE received_at < $1", [new Date(cutoff)]);
  await c.query("DELETE FROM usage_hourly WHERE bucket < $1", [new Date(cutoff)]);
  return dropped;
}

/**
 * What start-up and the maintenance job run: partitions from today to `partitionsAheadDays` ahead,
 * partitions for any day found in the DEFAULT partition, and the retention drop.
 */
export async function maintainPartitions(now = Date.now()): Promise<{ created: number[]; dropped: number[] }> {
  // One short-lived connection for the whole run (it used to open one per stray day, plus three).
  return withConnection(async (c) => {
    const created = await ensurePartitionsOn(c, now, now + meteringSettings.partitionsAheadDays * DAY);
    const retentionStart = dayOf(now) - meteringSettings.retentionDays * DAY;
    for (const d of (await strayDays(c)).filter((d) => d >= retentionStart)) created.push(...(await ensurePartitionsOn(c, d, d)));
    const dropped = await dropExpiredOn(c, meteringSettings.retentionDays, now);
    return { created, dropped };
  });
}
