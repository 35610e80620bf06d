// The tenant data router: "give me a Prisma client for tenant X" for all three isolation tiers.
// Clients are cached in a bounded LRU; schema- and shared-tier clients all ride on the app's one pool
// and on ONE Prisma engine (lib/isolation/shared-engine.ts), so a cached tenant costs a few KB rather
// than a query compiler of its own; database-tier tenants get a small pool and engine each from a
// bounded set, so the connection budget is fixed (pool size + database-tier pools × 2) however many
// tenants there are.
import { PrismaPg } from "@prisma/adapter-pg";
import { LRUCache } from "lru-cache";
import pg from "pg";
import { config } from "../config";
import { cachesTrusted, subscribeChanges } from "../db/changes";
import { db } from "../db/client";
import { databaseUrl, pool } from "../db/pool";
import { DomainError, forbidden, notFound } from "../errors";
import { PrismaClient as TenantPrismaClient } from "../generated/tenant/client";
import { SHARED_SCHEMA, tenantDatabaseUrl } from "./locations";
import { createSharedEngine, type SharedEngine } from "./shared-engine";
import { RLS_ROLE } from "./shared";

export type TenantClient = TenantPrismaClient;
export { TenantPrismaClient };

interface TenantMeta {
  id: string;
  status: "provisioning" | "active" | "suspended" | "deleted";
  isolation: "shared" | "schema" | "database";
  dataLocation: string;
  databaseUrl: string | null;
}

interface Entry {
  client: TenantClient;
  close: () => Promise<void>;
}

type Globals = {
  __tenantryRouter?: {
    clients: LRUCache<string, Entry>;
    meta: LRUCache<string, TenantMeta>;
    /** Bumped by every change notice, so a read that raced one is not cached. */
    epoch: number;
    dbPools: number;
    closing: Set<Promise<void>>;
    engine?: SharedEngine;
  };
};
const g = globalThis as Globals;

/**
 * A tenant's status is dropped from memory the moment a change notice arrives (lib/db/changes.ts, from
 * this or any instance), and read through while notices may be missed (cachesTrusted), so this expiry
 * is only a backstop. It was 2 s: with 1,000 tenants queried round-robin that re-read a tenant's row
 * for most of its queries and cost more than the queries themselves.
 */
const META_TTL_MS = 60_000;
/** Database-tier pools kept open at once (2 connections each). */
const MAX_DATABASE_POOLS = 10;

function state() {
  if (!g.__tenantryRouter) {
    const closing = new Set<Promise<void>>();
    g.__tenantryRouter = {
      clients: new LRUCache<string, Entry>({
        max: config.tenantClientCacheSize,
        dispose: (entry) => {
          const p = entry.close().catch(() => {});
          closing.add(p);
          void p.finally(() => closing.delete(p));
        },
      }),
      meta: new LRUCache<string, TenantMeta>({ max: 10_000, ttl: META_TTL_MS, ttlAutopurge: false }),
      epoch: 0,
      dbPools: 0,
      closing,
    };
    const s = g.__tenantryRouter;
    subscribeChanges(
      (c) => {
        if (c.kind !== "tenant") return;
        s.epoch++;
        s.meta.delete(c.id);
      },
      () => {
        s.epoch++;
        s.meta.clear();
      },
    );
  }
  return g.__tenantryRouter;
}

async function loadMeta(tenantId: string): Promise<TenantMeta | undefined> {
  const s = state();
  if (cachesTrusted()) {
    const hit = s.meta.get(tenantId);
    if (hit) return hit;
  }
  const epoch = s.epoch;
  const row = await db().tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, status: true, isolation: true, dataLocation: true, databaseUrl: true },
  });
  if (row && s.epoch === epoch) s.meta.set(tenantId, row);
  return row ?? undefined;
}

function sharedEngine(): SharedEngine {
  const s = state();
  s.engine ??= createSharedEngine(pool());
  return s.engine;
}

/** Nothing to close: the engine and pool are everyone's. */
const nothingToClose = async () => {};

function makeClient(meta: TenantMeta): Entry {
  switch (meta.isolation) {
    case "schema":
      return { client: sharedEngine().clientFor(meta.dataLocation), close: nothingToClose };
    case "shared": {
      const base = sharedEngine().clientFor(SHARED_SCHEMA);
      // Every model operation runs in a transaction that names the tenant and drops to the RLS role.
      const scoped = base.$extends({
        query: {
          $allModels: {
            async $allOperations({ args, query }) {
              const [, , result] = await base.$transaction([
                base.$executeRaw`SELECT set_config('app.tenant_id', ${meta.id}, true)`,
                base.$executeRawUnsafe(`SET LOCAL ROLE ${RLS_ROLE}`),
                query(args),
              ]);
              return result;
            },
          },
        },
      });
      return { client: scoped as unknown as TenantClient, close: nothingToClose };
    }
    case "database": {
      const s = state();
      const own = new pg.Pool({
        connectionString: tenantDatabaseUrl(meta.databaseUrl ?? databaseUrl(), meta.dataLocation),
        max: 2,
        idleTimeoutMillis: 10_000,
      });
      own.setMaxListeners(0);
      own.on("error", () => {});
      s.dbPools++;
      const client = new TenantPrismaClient({ adapter: new PrismaPg(own) });
      return {
        client,
        close: async () => {
          s.dbPools--;
          await client.$disconnect().catch(() => {});
          await own.end();
        },
      };
    }
  }
}

/** Evicts the least recently used database-tier client when the pool budget is spent. */
function makeRoomForDatabasePool() {
  const s = state();
  if (s.dbPools < MAX_DATABASE_POOLS) return;
  const keys = [...s.clients.rkeys()];
  for (const k of keys) {
    const m = s.meta.peek(k, { allowStale: true });
    if (m?.isolation === "database") {
      s.clients.delete(k);
      return;
    }
  }
}

/**
 * A Prisma client of the tenant template bound to this tenant's data. Unknown and deleted tenants are
 * not found; suspended and still-provisioning ones are refused.
 */
export async function tenantDb(tenantId: string): Promise<TenantClient> {
  const meta = await loadMeta(tenantId);
  if (!meta || meta.status === "deleted") throw notFound("Tenant");
  if (meta.status === "suspended") throw forbidden("This tenant is suspended.");
  if (meta.status === "provisioning") throw new DomainError("conflict", 409, "This tenant is still being provisioned.");
  const s = state();
  const hit = s.clients.get(tenantId);
  if (hit) return hit.client;
  if (meta.isolation === "database") makeRoomForDatabasePool();
  const entry = makeClient(meta);
  s.clients.set(tenantId, entry);
  return entry.client;
}

/** Forgets what the router knows of a tenant (after a status change in this process). */
export function forgetTenant(tenantId: string): void {
  const s = state();
  s.epoch++;
  s.meta.delete(tenantId);
  s.clients.delete(tenantId);
}

export function routerStats() {
  const s = state();
  return { clients: s.clients.size, databasePools: s.dbPools, metaEntries: s.meta.size };
}

export async function closeRouter(): Promise<void> {
  const s = g.__tenantryRouter;
  g.__tenantryRouter = undefined;
  if (!s) return;
  s.clients.clear(); // disposes (closes) every client
  await Promise.all([...s.closing]);
  await s.engine?.close();
}
