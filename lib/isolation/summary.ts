// What the console's Data tab shows: the template's tables with row counts, read through the tenant's
// own client (so the shared tier's counts pass through RLS), and the space the tenant's data takes.
import pg from "pg";
import { db } from "../db/client";
import { databaseUrl, pool } from "../db/pool";
import { Prisma as TenantPrisma } from "../generated/tenant/client";
import { tenantDatabaseUrl } from "./locations";
import { tenantDb } from "./router";

export interface TableSummary {
  model: string;
  rows: number;
}

export interface DataSummary {
  tables: TableSummary[];
  /** Bytes on disk; null for the shared tier, whose tables all tenants share. */
  sizeBytes: number | null;
  location: string;
}

export async function tenantDataSummary(tenantId: string): Promise<DataSummary> {
  const client = await tenantDb(tenantId);
  const t = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const models = Object.values(TenantPrisma.ModelName);
  const tables = await Promise.all(
    models.map(async (model) => {
      const delegate = (client as unknown as Record<string, { count(): Promise<number> }>)[model.charAt(0).toLowerCase() + model.slice(1)];
      return { model, rows: await delegate.count() };
    }),
  );
  let sizeBytes: number | null = null;
  if (t.isolation === "schema") {
    const { rows } = await pool().query<{ bytes: string }>(
      `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
      [t.dataLocation],
    );
    sizeBytes = Number(rows[0].bytes);
  } else if (t.isolation === "database") {
    const c = new pg.Client({ connectionString: tenantDatabaseUrl(t.databaseUrl ?? databaseUrl(), t.dataLocation) });
    await c.connect();
    try {
      const { rows } = await c.query<{ bytes: string }>("SELECT pg_database_size(current_database())::bigint AS bytes");
      sizeBytes = Number(rows[0].bytes);
    } finally {
      await c.end();
    }
  }
  const location = t.isolation === "database" ? `database ${t.dataLocation}` : `schema ${t.dataLocation}`;
  return { tables, sizeBytes, location };
}
