// The shared tier: every shared-tier tenant's rows live in one schema's template tables, each with a
// `tenant_id` column, row-level security ENABLED and FORCED, and a policy on the per-transaction
// setting `app.tenant_id`. Queries run as a role that is neither superuser nor BYPASSRLS.
import { applyMigrationsInTransaction, latestVersion } from "../db/migrate";
import { pool } from "../db/pool";
import { quoteIdent } from "../db/sql";
import { SHARED_SCHEMA } from "./locations";
import { tenantTemplate } from "./provision";

export const RLS_ROLE = "tenantry_rls";

// The setting reads back as '' (not NULL) after a transaction-local set_config elsewhere on the
// connection, so NULLIF makes "no tenant set" match nothing and fail the NOT NULL default.
const CURRENT_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')";

/** Brings the shared schema to the template's newest version and (re)applies RLS to every table. */
export async function ensureSharedTier(): Promise<string | null> {
  const client = await pool().connect();
  const s = quoteIdent(SHARED_SCHEMA);
  try {
    await client.query("BEGIN");
    const migrations = tenantTemplate();
    await applyMigrationsInTransaction(client, migrations, SHARED_SCHEMA, { createSchema: true });
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${RLS_ROLE}') THEN
        CREATE ROLE ${RLS_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    END $$`);
    await client.query(`GRANT ${RLS_ROLE} TO CURRENT_USER`).catch(() => {
      /* already a member, or the role was made by another admin who granted it */
    });
    await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${RLS_ROLE}`);
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
       ORDER BY table_name`,
      [SHARED_SCHEMA],
    );
    for (const { table_name } of rows) {
      const t = `${s}.${quoteIdent(table_name)}`;
      await client.query(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT ${CURRENT_TENANT}`);
      await client.query(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table_name}_tenant_id_idx`)} ON ${t} (tenant_id)`);
      await client.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await client.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await client.query(`DROP POLICY IF EXISTS tenant_isolation ON ${t}`);
      await client.query(
        `CREATE POLICY tenant_isolation ON ${t} USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`,
      );
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${RLS_ROLE}`);
    }
    await client.query("COMMIT");
    return latestVersion(migrations);
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
