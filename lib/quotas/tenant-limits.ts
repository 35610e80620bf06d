// What the data plane needs to know about a tenant on every request — status, plan and effective
// quotas — from memory. Tenant changes (status, plan, overrides) and plan edits publish change notices
// (lib/db/changes.ts) that drop the affected entries on every instance, so a suspension, an override
// or a plan edit applies to the very next request. Entries also expire after a minute as a backstop.
import { LRUCache } from "lru-cache";
import { cachesTrusted, subscribeChanges } from "../db/changes";
import { db } from "../db/client";
import { effectiveQuotas, type Quotas } from "./effective";

export interface TenantLimits {
  id: string;
  status: "provisioning" | "active" | "suspended" | "deleted";
  plan: string;
  quotas: Quotas;
}

type Entry = { t: TenantLimits | null };
type Globals = { __tenantryTenantLimits?: { cache: LRUCache<string, Entry>; epoch: number } };
const g = globalThis as Globals;

const TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;

function state() {
  if (!g.__tenantryTenantLimits) {
    const cache = new LRUCache<string, Entry>({ max: 100_000, ttl: TTL_MS, ttlAutopurge: false });
    const s = (g.__tenantryTenantLimits = { cache, epoch: 0 });
    subscribeChanges(
      (c) => {
        if (c.kind === "tenant") {
          s.epoch++;
          cache.delete(c.id);
        } else if (c.kind === "plans") {
          s.epoch++;
          cache.clear();
        }
      },
      () => {
        s.epoch++;
        cache.clear();
      },
    );
  }
  return g.__tenantryTenantLimits;
}

/** From memory: the tenant, null when it does not exist, undefined when the database must be asked. */
export function tenantLimitsCached(id: string): TenantLimits | null | undefined {
  if (!cachesTrusted()) return undefined;
  return state().cache.get(id)?.t;
}

const loading = new Map<string, { epoch: number; p: Promise<TenantLimits | null> }>();

/**
 * Reads the tenant; concurrent misses for one tenant (a burst on a cold cache) share one query, unless
 * a change arrived since it started — then a fresh read, so nobody is answered from before the change.
 */
export function loadTenantLimits(id: string): Promise<TenantLimits | null> {
  const epoch = state().epoch;
  const running = loading.get(id);
  if (running && running.epoch === epoch) return running.p;
  const p = readTenantLimits(id).finally(() => {
    if (loading.get(id)?.p === p) loading.delete(id);
  });
  loading.set(id, { epoch, p });
  return p;
}

async function readTenantLimits(id: string): Promise<TenantLimits | null> {
  const s = state();
  const epoch = s.epoch;
  const row = await db().tenant.findUnique({ where: { id }, include: { plan: true } });
  const t: TenantLimits | null = row
    ? { id: row.id, status: row.status, plan: row.planId, quotas: effectiveQuotas(row.plan, row.quotaOverrides) }
    : null;
  // A change that arrived while the read was in flight may not be in it: don't cache that answer.
  if (s.epoch === epoch) s.cache.set(id, { t }, { ttl: t ? TTL_MS : MISSING_TTL_MS });
  return t;
}

export async function tenantLimits(id: string): Promise<TenantLimits | null> {
  const hit = tenantLimitsCached(id);
  return hit !== undefined ? hit : loadTenantLimits(id);
}

export function clearTenantLimits(): void {
  const s = state();
  s.epoch++;
  s.cache.clear();
}
