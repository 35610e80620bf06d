// The simple usage store: rows in `usage_events`. The metering issue replaces it with a partitioned
// table and rollups; the data plane only relies on what is here (insert durably, dedupe by
// idempotency key, sum a tenant's month).
import { pool } from "../db/pool";

export interface UsageEventInput {
  metric: string;
  value: number;
  occurredAt: Date;
  idempotencyKey: string | null;
}

export interface StoredEvent {
  metric: string;
  value: number;
  occurredAt: number;
}

/**
 * Inserts a batch in one statement (one commit): either every new event is stored or none is. Events
 * whose idempotency key the tenant has used before are skipped; only the rows actually stored are
 * returned, so callers count each event once.
 */
export async function insertEvents(tenantId: string, events: UsageEventInput[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const r = await pool().query<{ metric: string; value: number; occurred_at: Date }>({
    name: "usage-insert-events",
    text: `INSERT INTO usage_events (tenant_id, metric, value, occurred_at, idempotency_key)
           SELECT $1, u.m, u.v, u.t, u.k FROM unnest($2::text[], $3::float8[], $4::timestamptz[], $5::text[]) AS u(m, v, t, k)
           ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
           RETURNING metric, value, occurred_at`,
    values: [
      tenantId,
      events.map((e) => e.metric),
      events.map((e) => e.value),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => e.idempotencyKey),
    ],
  });
  return r.rows.map((row) => ({ metric: row.metric, value: Number(row.value), occurredAt: row.occurred_at.getTime() }));
}

export interface CountRow {
  tenantId: string;
  metric: string;
  value: number;
  occurredAt: Date;
}

/** Inserts pre-aggregated counts (the data plane's own request counts), many tenants in one statement. */
export async function insertCounts(rows: CountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pool().query({
    name: "usage-insert-counts",
    text: `INSERT INTO usage_events (tenant_id, metric, value, occurred_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::timestamptz[])`,
    values: [rows.map((r) => r.tenantId), rows.map((r) => r.metric), rows.map((r) => r.value), rows.map((r) => r.occurredAt.toISOString())],
  });
}

export interface PeriodTotals {
  /** counter metric → sum */
  sums: Map<string, number>;
  /** gauge metric → latest value and its time */
  gauges: Map<string, { value: number; at: number }>;
}

/** Each tenant's totals for [from, to): sums of the counters, the latest value of the gauges. */
export async function periodTotals(tenantIds: string[], from: number, to: number, counters: readonly string[], gauges: readonly string[]): Promise<Map<string, PeriodTotals>> {
  const out = new Map<string, PeriodTotals>(tenantIds.map((id) => [id, { sums: new Map(), gauges: new Map() }]));
  if (tenantIds.length === 0) return out;
  const range = [new Date(from).toISOString(), new Date(to).toISOString()];
  const [sums, latest] = await Promise.all([
    pool().query<{ tenant_id: string; metric: string; total: number }>({
      name: "usage-period-sums",
      text: `SELECT tenant_id, metric, sum(value) AS total FROM usage_events
             WHERE tenant_id = ANY($1::text[]) AND metric = ANY($2::text[]) AND occurred_at >= $3 AND occurred_at < $4
             GROUP BY tenant_id, metric`,
      values: [tenantIds, counters, ...range],
    }),
    pool().query<{ tenant_id: string; metric: string; value: number; occurred_at: Date }>({
      name: "usage-period-latest",
      text: `SELECT DISTINCT ON (tenant_id, metric) tenant_id, metric, value, occurred_at FROM usage_events
             WHERE tenant_id = ANY($1::text[]) AND metric = ANY($2::text[]) AND occurred_at >= $3 AND occurred_at < $4
             ORDER BY tenant_id, metric, occurred_at DESC, id DESC`,
      values: [tenantIds, gauges, ...range],
    }),
  ]);
  for (const r of sums.rows) out.get(r.tenant_id)?.sums.set(r.metric, Number(r.total));
  for (const r of latest.rows) out.get(r.tenant_id)?.gauges.set(r.metric, { value: Number(r.value), at: r.occurred_at.getTime() });
  return out;
}
