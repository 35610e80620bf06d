// Direct SQL for assertions: on short-lived connections of their own, never the app's pool, so they
// don't disturb what a test measures about that pool.
import pg from "pg";
import { inject } from "vitest";

export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
  url: string = inject("databaseUrl"),
): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** A URL to another database on the test server. */
export function databaseUrlFor(database: string): string {
  const u = new URL(inject("serverUrl"));
  u.pathname = `/${database}`;
  return u.toString();
}

export async function countTenants(): Promise<number> {
  const [r] = await sql<{ n: string }>("SELECT count(*)::int AS n FROM public.tenants");
  return Number(r.n);
}

/** Schema-tier tenant schemas (`t_…`) on the test database. */
export async function countTenantSchemas(): Promise<number> {
  const [r] = await sql<{ n: string }>("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 't\\_%'");
  return Number(r.n);
}

/** Base tables of a schema, sorted. */
export async function tablesIn(schema: string, url?: string): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
    [schema],
    url,
  );
  return rows.map((r) => r.table_name);
}

export async function databaseExists(name: string): Promise<boolean> {
  const rows = await sql("SELECT 1 FROM pg_database WHERE datname = $1", [name], inject("serverUrl"));
  return rows.length > 0;
}
