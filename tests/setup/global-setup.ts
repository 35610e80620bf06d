// Runs once per `vitest run`, in the main process: finds a PostgreSQL server (DATABASE_URL, or the
// embedded one the harness starts), creates a FRESH database for this run, applies the control-plane
// migrations and hands its URL to the workers. Teardown drops that database and every tenant database
// the run's tenants created, then stops the embedded server if this run started it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../lib/db/embedded";

declare module "vitest" {
  interface ProvidedContext {
    /** The run's own database. */
    databaseUrl: string;
    /** The same server's `postgres` database, for tests that create or inspect other databases. */
    serverUrl: string;
  }
}

const root = fileURLToPath(new URL("../..", import.meta.url));

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

const SAFE_DB = /^[a-z_][a-z0-9_]{0,62}$/;

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!SAFE_DB.test(name)) return;
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((e) => {
    console.warn(`[tests] could not drop database ${name}: ${e instanceof Error ? e.message : e}`);
  });
}

export default async function setup(project: TestProject) {
  process.env.TENANTRY_ROOT ||= root;
  let embedded: EmbeddedServer | undefined;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    embedded = await startEmbeddedPostgres({
      baseDir: path.resolve(root, process.env.TENANTRY_TEST_DATA_DIR || ".data/test"),
      port: Number(process.env.TENANTRY_TEST_PG_PORT || 54340),
      quiet: true,
    });
    serverUrl = embedded.url;
  }

  const dbName = `tenantry_test_${Date.now()}_${process.pid}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${dbName}"`));
  const databaseUrl = withDatabase(serverUrl, dbName);

  // The migration runner reads DATABASE_URL through lib/config; run it on a pool of its own and close
  // that pool, so this process holds no connection to the database it will drop.
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    const { migrateControlPlane } = await import("../../lib/db/bootstrap");
    await migrateControlPlane();
  } finally {
    const { closePool } = await import("../../lib/db/pool");
    await closePool();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  }

  project.provide("databaseUrl", databaseUrl);
  project.provide("serverUrl", serverUrl);

  return async () => {
    // Database-tier tenants made by this run: the run's own tenants table knows each one and where it lives.
    const tenantDbs = await withClient(databaseUrl, async (c) => {
      const { rows } = await c.query<{ data_location: string; database_url: string | null }>(
        "SELECT data_location, database_url FROM public.tenants WHERE isolation = 'database'",
      );
      return rows;
    }).catch(() => [] as { data_location: string; database_url: string | null }[]);
    for (const t of tenantDbs) {
      await dropDatabase(t.database_url ? withDatabase(t.database_url, "postgres") : serverUrl, t.data_location);
    }
    await dropDatabase(serverUrl, dbName);
    if (embedded?.startedHere) await embedded.stop();
  };
}
