// storage_bytes per tenant, measured from PostgreSQL on a schedule (lib/jobs/metering.ts) and stored as
// gauge events (the level at the time of the sample):
//   schema tier    the total size (tables, indexes, TOAST) of the relations in its schema t_…
//   database tier  pg_database_size of its database (on its own server when it names one)
//   shared tier    the size of its rows in the shared tables (sum of pg_column_size of each row: the
//                  data without page overhead or index entries, which are shared)
// Sizing thousands of schemas makes a backend cache their catalog entries (~200 MB at 2,000 tenants),
// so this runs in small batches on a short-lived connection of its own, never a pooled one.
import pg from "pg";
import { databaseUrl } from "../db/pool";
import { withClient } from "../db/short-client";
import { quoteIdent } from "../db/sql";
import { SHARED_SCHEMA, tenantDatabaseUrl } from "../isolation/locations";
import { recordEvents } from "../quotas/usage";
import { writeEvents, type EventRow } from "./writer";

interface TenantRow {
  id: string;
  isolation: "shared" | "schema" | "database";
  data_location: string;
  database_url: string | null;
}

export interface StorageSample {
  tenantId: string;
  bytes: number;
}

const BATCH = 50;

const SAMPLER = "tenantry-storage-sampler";

async function schemaSizes(c: pg.Client, tenants: TenantRow[]): Promise<StorageSample[]> {
  const { rows } = await c.query<{ nspname: string; bytes: string }>(
    `SELECT n.nspname, COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
     FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'm')
     WHERE n.nspname = ANY($1) GROUP BY 1`,
    [tenants.map((t) => t.data_location)],
  );
  const by = new Map(rows.map((r) => [r.nspname, Number(r.bytes)]));
  return tenants.filter((t) => by.has(t.data_location)).map((t) => ({ tenantId: t.id, bytes: by.get(t.data_location)! }));
}

async function databaseSize(c: pg.Client, t: TenantRow): Promise<StorageSample | null> {
  const q = "SELECT pg_database_size($1)::bigint AS bytes";
  try {
    const r = t.database_url
      ? await withClient(tenantDatabaseUrl(t.database_url, t.data_location), SAMPLER, (o) => o.query<{ bytes: string }>(q, [t.data_location]))
      : await c.query<{ bytes: string }>(q, [t.data_location]);
    return { tenantId: t.id, bytes: Number(r.rows[0].bytes) };
  } catch (e) {
    console.error(`[metering] storage of ${t.id} (database ${t.data_location}) not measured:`, (e as Error).message);
    return null;
  }
}

async function sharedSizes(c: pg.Client, tenants: TenantRow[]): Promise<StorageSample[]> {
  const { rows: tables } = await c.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'tenant_id'`,
    [SHARED_SCHEMA],
  );
  if (tables.length === 0) return tenants.map((t) => ({ tenantId: t.id, bytes: 0 }));
  const sum = tables
    .map(({ table_name }) => `(SELECT COALESCE(sum(pg_column_size(x.*)), 0) FROM ${quoteIdent(SHARED_SCHEMA)}.${quoteIdent(table_name)} x WHERE x.tenant_id = $1)`)
    .join(" + ");
  const out: StorageSample[] = [];
  for (const t of tenants) {
    // The shared tables' row-level security is FORCED: the tenant is set for the transaction, so the
    // sum is right whether or not this role bypasses RLS.
    await c.query("BEGIN");
    try {
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [t.id]);
      const { rows } = await c.query<{ bytes: string }>(`SELECT (${sum})::bigint AS bytes`, [t.id]);
      out.push({ tenantId: t.id, bytes: Number(rows[0].bytes) });
    } finally {
      await c.query("COMMIT").catch(() => {});
    }
  }
  return out;
}

/** Measures every live tenant's storage and records it as storage_bytes. Returns the samples taken. */
export async function sampleStorage(now = Date.now()): Promise<StorageSample[]> {
  const tenants = await withClient(databaseUrl(), SAMPLER, async (c) => {
    const { rows } = await c.query<TenantRow>(
      "SELECT id, isolation, data_location, database_url FROM tenants WHERE status IN ('active', 'suspended') ORDER BY id",
    );
    return rows;
  });
  const samples: StorageSample[] = [];
  for (let i = 0; i < tenants.length; i += BATCH) {
    const batch = tenants.slice(i, i + BATCH);
    // A fresh connection per batch: its catalog cache goes away with it.
    const got = await withClient(databaseUrl(), SAMPLER, async (c) => {
      const out: StorageSample[] = [];
      const schema = batch.filter((t) => t.isolation === "schema");
      if (schema.length) out.push(...(await schemaSizes(c, schema)));
      for (const t of batch.filter((t) => t.isolation === "database")) {
        const s = await databaseSize(c, t);
        if (s) out.push(s);
      }
      const shared = batch.filter((t) => t.isolation === "shared");
      if (shared.length) out.push(...(await sharedSizes(c, shared)));
      return out;
    });
    samples.push(...got);
    const rows: EventRow[] = got.map((s) => ({ tenantId: s.tenantId, metric: "storage_bytes", value: s.bytes, occurredAt: now, idempotencyKey: null }));
    await writeEvents(rows);
    for (const r of rows) recordEvents(r.tenantId, [r], now);
  }
  return samples;
}
