// "Nothing was written": a count of everything a tenant request could create, to compare before/after.
import { inject } from "vitest";
import { sql } from "./db";

export interface WriteSnapshot {
  tenants: number;
  auditEntries: number;
  tenantSchemas: number;
  tenantDatabases: number;
}

export async function writeSnapshot(): Promise<WriteSnapshot> {
  const [r] = await sql<{ tenants: number; audit: number; schemas: number }>(
    `SELECT (SELECT count(*)::int FROM public.tenants) AS tenants,
            (SELECT count(*)::int FROM public.audit_log) AS audit,
            (SELECT count(*)::int FROM pg_namespace WHERE nspname LIKE 't\\_%') AS schemas`,
  );
  const [d] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'tenant\\_%'", [], inject("serverUrl"));
  return { tenants: r.tenants, auditEntries: r.audit, tenantSchemas: r.schemas, tenantDatabases: d.n };
}
