// The Postgres-backed job queue (pg-boss, in its own `pgboss` schema). One instance per process.
// pg-boss 10: the newest line that supports Node 20 (11+ require Node 22).
import PgBoss from "pg-boss";
import { databaseUrl } from "../db/pool";

type Globals = { __tenantryBoss?: Promise<PgBoss> };
const g = globalThis as Globals;

export function queue(): Promise<PgBoss> {
  if (!g.__tenantryBoss) {
    g.__tenantryBoss = (async () => {
      const boss = new PgBoss({ connectionString: databaseUrl(), max: 3, application_name: "tenantry-jobs" });
      boss.on("error", (err: Error) => console.error("[jobs]", err.message));
      await boss.start();
      return boss;
    })();
    g.__tenantryBoss.catch(() => (g.__tenantryBoss = undefined));
  }
  return g.__tenantryBoss;
}

export async function stopQueue(): Promise<void> {
  const p = g.__tenantryBoss;
  g.__tenantryBoss = undefined;
  if (p) await (await p).stop({ graceful: true, timeout: 5_000 }).catch(() => {});
}
