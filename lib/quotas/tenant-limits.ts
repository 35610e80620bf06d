// What the data plane needs to know about a tenant on every request — status, plan and effective
// quotas — from memory. Tenant changes (status, plan, overrides) and plan edits publish change notices
// (lib/db/changes.ts) that drop the affected entries on every instance, so a suspension, an override
// or a plan edit applies to the very next request. Entries also expire after a minute as a backstop;
// one still in use is re-read in the background before that (refresh-ahead), and misses are read in
// batches (lib/cache/refreshing.ts), so neither a cold start nor an expiry reads tenants one by one.
import { createRefreshingCache, type RefreshingCache } from "../cache/refreshing";
import { cachesTrusted, subscribeChanges } from "../db/changes";
import { pool } from "../db/pool";
import { effectiveQuotas, type Quotas } from "./effective";

export interface TenantLimits {
  id: string;
  status: "provisioning" | "active" | "suspended" | "deleted";
  plan: string;
  quotas: Quotas;
}

type Globals = { __tenantryTenantLimits?: RefreshingCache<TenantLimits> };
const g = globalThis as Globals;

function state(): RefreshingCache<TenantLimits> {
  if (!g.__tenantryTenantLimits) {
    const c = (g.__tenantryTenantLimits = createRefreshingCache({ read: readTenants, missingTtlMs: 5_000 }));
    subscribeChanges(
      (change) => {
        if (change.kind === "tenant") c.forget(change.id);
        else if (change.kind === "plans") c.clear();
      },
      () => c.clear(),
    );
  }
  return g.__tenantryTenantLimits;
}

/** From memory: the tenant, null when it does not exist, undefined when the database must be asked. */
export function tenantLimitsCached(id: string, now = Date.now()): TenantLimits | null | undefined {
  return cachesTrusted() ? state().peek(id, now) : undefined;
}

/**
 * Reads the tenant; concurrent misses for one tenant share one query and misses for many tenants go
 * in one batch, unless a change arrived since a read started — then a fresh read, so nobody is
 * answered from before the change (and the raced answer is not cached).
 */
export function loadTenantLimits(id: string): Promise<TenantLimits | null> {
  return state().load(id);
}

type TenantRow = {
  id: string;
  status: TenantLimits["status"];
  plan_id: string;
  quota_overrides: unknown;
  api_requests_per_month: string | null;
  storage_bytes: string | null;
  file_storage_bytes: string | null;
  realtime_connections: number | null;
  requests_per_second: number | null;
};

const big = (v: string | null) => (v === null ? null : BigInt(v));

/** Plain SQL rather than Prisma on this path (cold instances): Prisma's per-query CPU dominated a miss. */
async function readTenants(ids: string[]): Promise<Map<string, TenantLimits | null>> {
  const r = await pool().query<TenantRow>({
    name: "tenant-limits-batch",
    text: `SELECT t.id, t.status::text AS status, t.plan_id, t.quota_overrides,
                  p.api_requests_per_month, p.storage_bytes, p.file_storage_bytes, p.realtime_connections, p.requests_per_second
           FROM tenants t JOIN plans p ON p.id = t.plan_id
           WHERE t.id = ANY($1::text[])`,
    values: [ids],
  });
  const out = new Map<string, TenantLimits | null>();
  for (const row of r.rows) {
    const plan = {
      apiRequestsPerMonth: big(row.api_requests_per_month),
      storageBytes: big(row.storage_bytes),
      fileStorageBytes: big(row.file_storage_bytes),
      realtimeConnections: row.realtime_connections,
      requestsPerSecond: row.requests_per_second,
    };
    out.set(row.id, { id: row.id, status: row.status, plan: row.plan_id, quotas: effectiveQuotas(plan, row.quota_overrides) });
  }
  return out;
}

export async function tenantLimits(id: string): Promise<TenantLimits | null> {
  const hit = tenantLimitsCached(id);
  return hit !== undefined ? hit : loadTenantLimits(id);
}

/** Batched reads begun and tenants read so far (tests, diagnostics). */
export function tenantLoadStats(): { batches: number; keys: number } {
  return state().stats();
}

export function clearTenantLimits(): void {
  state().clear();
}
