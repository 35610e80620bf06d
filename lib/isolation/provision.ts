// Creates a tenant's data location and brings it to the template's newest version. Every step is
// idempotent, so a crash at any point leaves something a retry finishes.
import pg from "pg";
import { applyMigrations, applyMigrationsInTransaction, latestVersion, loadMigrations, migrationsDir } from "../db/migrate";
import { databaseUrl, pool } from "../db/pool";
import { quoteIdent } from "../db/sql";
import { tenantDatabaseUrl } from "./locations";
import { ensureSharedTier } from "./shared";

export interface ProvisionTarget {
  id: string;
  isolation: "shared" | "schema" | "database";
  dataLocation: string;
  databaseUrl: string | null;
}

export const tenantTemplate = () => loadMigrations(migrationsDir.tenant());

/**
 * Schema tier: schema, template tables and the tenant's `active` flag in ONE transaction, so there is
 * no state in which a schema exists for a tenant that is not marked as provisioned, or the reverse.
 * `markActive` runs inside that transaction.
 */
export async function provisionSchemaTier(
  t: ProvisionTarget,
  markActive: (client: pg.PoolClient, version: string | null) => Promise<boolean>,
): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ status: string }>("SELECT status FROM public.tenants WHERE id = $1 FOR UPDATE", [t.id]);
    if (rows[0]?.status !== "provisioning") {
      await client.query("ROLLBACK");
      return;
    }
    const migrations = tenantTemplate();
    await applyMigrationsInTransaction(client, migrations, t.dataLocation, { createSchema: true });
    await markActive(client, latestVersion(migrations));
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Database tier: CREATE DATABASE cannot run in a transaction, so it is its own idempotent step. */
export async function provisionDatabaseTier(t: ProvisionTarget): Promise<string | null> {
  const server = t.databaseUrl ?? databaseUrl();
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 });
  admin.on("error", () => {}); // a dropped connection also fails the query in flight, which is what we act on
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [t.dataLocation]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${quoteIdent(t.dataLocation)}`).catch((e) => {
        // Made by a concurrent retry: 42P04 if it was there when we started, 23505 (pg_database's
        // unique index) if the other CREATE DATABASE committed while ours ran.
        if (e.code !== "42P04" && e.code !== "23505") throw e;
      });
    }
  } finally {
    await admin.end().catch(() => {});
  }
  const own = new pg.Pool({ connectionString: tenantDatabaseUrl(server, t.dataLocation), max: 1 });
  own.on("error", () => {});
  try {
    const migrations = tenantTemplate();
    await applyMigrations(own, migrations, "public");
    return latestVersion(migrations);
  } finally {
    await own.end();
  }
}

/** Shared tier: the shared schema is made (and kept current) once for all shared-tier tenants. */
export async function provisionSharedTier(): Promise<string | null> {
  return ensureSharedTier();
}
