// Process configuration read once from the environment. Every variable is documented in README.md.
import path from "node:path";
import { envNumber } from "./env";

const int = (name: string, fallback: number) => envNumber(name, fallback, { integer: true, min: 0 });

export const config = {
  get dataDir() {
    return path.resolve(/*turbopackIgnore: true*/ process.env.TENANTRY_DATA_DIR ?? ".data");
  },
  get databaseUrl() {
    return process.env.DATABASE_URL || undefined;
  },
  get port() {
    return int("PORT", 3000);
  },
  get embeddedPgPort() {
    return int("TENANTRY_PG_PORT", 54329);
  },
  /** Connections the app holds to the control-plane server, shared by every tenant client. */
  get poolSize() {
    return int("TENANTRY_DB_POOL_SIZE", 10);
  },
  /**
   * Tenant clients kept in the router's LRU cache (~9 KB each on the shared engine). A working set
   * larger than the cache makes queries build new clients (cheap, but each re-reads the tenant's status).
   */
  get tenantClientCacheSize() {
    return int("TENANTRY_TENANT_CLIENT_CACHE", 2000);
  },
  /**
   * How long the data plane trusts a cached key or tenant without a change notice (a backstop: notices
   * carry every change); entries in use are re-read in the background after two thirds of it.
   */
  get cacheTtlMs() {
    return envNumber("TENANTRY_CACHE_TTL_MS", 60_000, { integer: true, min: 100 });
  },
  get platformKey() {
    const k = process.env.TENANTRY_PLATFORM_KEY;
    return k && k.length >= 32 ? k : undefined;
  },
};
