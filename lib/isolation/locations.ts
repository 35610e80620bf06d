// Where a tenant's data lives, derived from its id (never from user input): schema `t_<suffix>` for the
// schema tier, database `tenant_<suffix>` for the database tier.
import { isWellFormedId } from "../ids";
import type { IsolationTier } from "../tenants/schemas";

export const SHARED_SCHEMA = "tenant_shared";

export function dataLocationFor(tenantId: string, tier: IsolationTier): string {
  if (!isWellFormedId(tenantId, "ten")) throw new Error(`malformed tenant id ${JSON.stringify(tenantId)}`);
  const suffix = tenantId.slice(4);
  switch (tier) {
    case "schema":
      return `t_${suffix}`;
    case "database":
      return `tenant_${suffix}`;
    case "shared":
      return SHARED_SCHEMA;
  }
}

/** The URL of a database-tier tenant's own database, on its dedicated server or the control plane's. */
export function tenantDatabaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
