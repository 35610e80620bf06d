// Group commit: every event written to usage_events goes through here. Concurrent callers' rows are
// collected for a few milliseconds (TENANTRY_INGEST_GROUP_MS) or until TENANTRY_INGEST_GROUP_MAX_ROWS,
// then written in ONE statement (one transaction, one commit, one WAL flush). Each caller's promise
// settles only after that commit: resolved when it is durable, rejected (every caller of the group)
// when it failed, so no event is ever acknowledged that is not committed.
//
// Idempotency keys: a repeated (tenant, key) within 24 h is stored once. Inside a group the first
// occurrence wins and the rest are skipped here; across groups, usage_idempotency decides in the same
// statement (INSERT … ON CONFLICT), so events and their keys commit together.
import { pool } from "../db/pool";
import { meteringSettings } from "./settings";
import { observeIngestGroup } from "../metrics/registry";
import { isoUtc } from "./iso";

export interface EventRow {
  tenantId: string;
  metric: string;
  value: number;
  /** ms since the epoch */
  occurredAt: number;
  idempotencyKey: string | null;
}

interface Waiter {
  rows: readonly EventRow[];
  resolve(stored: boolean[]): void;
  reject(e: unknown): void;
}

type State = {
  queue: Waiter[];
  queuedRows: number;
  timer?: NodeJS.Timeout;
  inFlight: number;
  /** Statements sent, for tests and /api/metrics. */
  statements: number;
  idle: (() => void)[];
};
type Globals = { __tenantryIngestWriter?: State };
const g = globalThis as Globals;

function state(): State {
  return (g.__tenantryIngestWriter ??= { queue: [], queuedRows: 0, inFlight: 0, statements: 0, idle: [] });
}

/** Writes rows with the next group; resolves with one flag per row: stored (true) or a duplicate key. */
export function writeEvents(rows: readonly EventRow[]): Promise<boolean[]> {
  if (rows.length === 0) return Promise.resolve([]);
  const s = state();
  return new Promise<boolean[]>((resolve, reject) => {
    s.queue.push({ rows, resolve, reject });
    s.queuedRows += rows.length;
    schedule(s);
  });
}

function schedule(s: State): void {
  if (s.queue.length === 0) return;
  const { groupMaxRows, groupConcurrency, groupWindowMs } = meteringSettings;
  if (s.inFlight >= groupConcurrency) return; // the next group starts when one finishes
  if (s.queuedRows >= groupMaxRows) {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    void flush(s);
    return;
  }
  if (!s.timer) s.timer = setTimeout(() => ((s.timer = undefined), void flush(s)), groupWindowMs);
}

async function flush(s: State): Promise<void> {
  if (s.queue.length === 0) return;
  const { groupMaxRows } = meteringSettings;
  // Take whole requests up to the row cap (a request is never split across two statements).
  const group: Waiter[] = [];
  let n = 0;
  while (s.queue.length && (group.length === 0 || n + s.queue[0].rows.length <= groupMaxRows)) {
    const w = s.queue.shift()!;
    group.push(w);
    n += w.rows.length;
  }
  s.queuedRows -= n;
  s.inFlight++;
  s.statements++;
  const started = performance.now();
  try {
    const stored = await insertGroup(group);
    observeIngestGroup(n, (performance.now() - started) / 1000);
    group.forEach((w, i) => w.resolve(stored[i]));
  } catch (e) {
    for (const w of group) w.reject(e);
  } finally {
    s.inFlight--;
    if (s.queue.length) schedule(s);
    else if (s.inFlight === 0) for (const f of s.idle.splice(0)) f();
  }
}

/** The rows to send and, per waiter, which of its rows were held back as in-group duplicates. */
async function insertGroup(group: Waiter[]): Promise<boolean[][]> {
  const stored = group.map((w) => w.rows.map(() => true));
  const ord: number[] = [];
  const tenant: string[] = [];
  const metric: string[] = [];
  const value: number[] = [];
  const at: string[] = [];
  const key: (string | null)[] = [];
  const where: [number, number][] = [];
  const seen = new Set<string>();
  let keyed = false;
  group.forEach((w, wi) =>
    w.rows.forEach((r, ri) => {
      if (r.idempotencyKey !== null) {
        const k = `${r.tenantId}\u0000${r.idempotencyKey}`;
        if (seen.has(k)) return void (stored[wi][ri] = false);
        seen.add(k);
        keyed = true;
      }
      ord.push(where.length);
      where.push([wi, ri]);
      tenant.push(r.tenantId);
      metric.push(r.metric);
      value.push(r.value);
      at.push(isoUtc(r.occurredAt));
      key.push(r.idempotencyKey);
    }),
  );
  if (!keyed) {
    await pool().query({ name: "metering-insert", text: INSERT_PLAIN, values: [tenant, metric, value, at] });
    return stored;
  }
  const r = await pool().query<{ ord: number }>({ name: "metering-insert-keyed", text: INSERT_KEYED, values: [ord, tenant, metric, value, at, key] });
  for (const { ord: o } of r.rows) {
    const [wi, ri] = where[o];
    stored[wi][ri] = false;
  }
  return stored;
}

const INSERT_PLAIN = `INSERT INTO usage_events (tenant_id, metric, value, occurred_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::timestamptz[])`;

// Keys are claimed in (tenant, key) order so two groups in flight at once lock them in the same order
// (no deadlock); a claim older than 24 h is renewed (the key counts again). Returns the ordinals of the
// events whose key was already claimed: those are not stored.
const INSERT_KEYED = `WITH input AS MATERIALIZED (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::timestamptz[], $6::text[])
      AS u(ord, tenant_id, metric, value, occurred_at, key)
  ), claimed AS (
    INSERT INTO usage_idempotency AS u (tenant_id, key)
    SELECT tenant_id, key FROM input WHERE key IS NOT NULL ORDER BY tenant_id, key
    ON CONFLICT (tenant_id, key) DO UPDATE SET created_at = excluded.created_at
      WHERE u.created_at < now() - interval '24 hours'
    RETURNING tenant_id, key
  ), stored AS (
    INSERT INTO usage_events (tenant_id, metric, value, occurred_at, idempotency_key)
    SELECT i.tenant_id, i.metric, i.value, i.occurred_at, i.key FROM input i
    WHERE i.key IS NULL OR EXISTS (SELECT 1 FROM claimed c WHERE c.tenant_id = i.tenant_id AND c.key = i.key)
  )
  SELECT i.ord FROM input i
  WHERE i.key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM claimed c WHERE c.tenant_id = i.tenant_id AND c.key = i.key)`;

/** Resolves once nothing is queued or in flight (shutdown, tests). */
export function writerIdle(): Promise<void> {
  const s = state();
  if (s.queue.length === 0 && s.inFlight === 0) return Promise.resolve();
  return new Promise((r) => s.idle.push(r));
}

/** Statements the writer has sent since the process started (tests check that groups form). */
export function writerStatements(): number {
  return state().statements;
}
