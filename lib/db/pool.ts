// The one pg.Pool the app holds to the control-plane server. Every Prisma client (control plane and
// every schema-tier tenant) shares it, so the app's connection count is fixed however many tenants exist.
import pg from "pg";
import { config } from "../config";

type Globals = { __tenantryPool?: pg.Pool };
const g = globalThis as Globals;

export function databaseUrl(): string {
  const url = config.databaseUrl;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it after starting the embedded PostgreSQL)");
  return url;
}

export function pool(): pg.Pool {
  if (!g.__tenantryPool) {
    const p = new pg.Pool({
      connectionString: databaseUrl(),
      max: config.poolSize,
      idleTimeoutMillis: 30_000,
      // A backend that has touched thousands of tenant schemas caches their metadata (~65 MB at 2,000
      // tenants); retiring connections now and then returns that memory. Not too often: a fresh backend
      // reloads that metadata for every schema it meets (at 5,000 uses the 1,000-tenant router bench
      // lost ~13% of its throughput to it). Idle connections also retire after 30 s.
      maxUses: 50_000,
      application_name: "tenantry",
    });
    p.setMaxListeners(0);
    p.on("error", (err) => console.error("[db] idle client error:", err.message));
    // A checked-out client whose connection drops (server restart, pg_terminate_backend) emits `error`
    // as well as failing its query; with no listener that event would crash the process.
    p.on("connect", (client) => {
      client.on("error", (err) => console.error("[db] connection lost:", err.message));
    });
    g.__tenantryPool = p;
  }
  return g.__tenantryPool;
}

export async function closePool(): Promise<void> {
  const p = g.__tenantryPool;
  g.__tenantryPool = undefined;
  if (p) await p.end();
}
