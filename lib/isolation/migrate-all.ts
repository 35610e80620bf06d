// Brings every tenant up to the template's newest version: the migrate-all command. Resumable by
// construction: each tenant is migrated in its own transaction and records its version, so a rerun
// skips the ones already done. Progress is reported per tenant.
import { db } from "../db/client";
import { applyMigrations, latestVersion } from "../db/migrate";
import { pool } from "../db/pool";
import { provisionDatabaseTier, tenantTemplate } from "./provision";
import { ensureSharedTier } from "./shared";

export interface MigrateAllProgress {
  done: number;
  total: number;
  tenantId: string;
  applied: string[];
  error?: string;
}

export async function migrateAllTenants(onProgress: (p: MigrateAllProgress) => void = () => {}): Promise<{ migrated: number; failed: number; total: number }> {
  const target = latestVersion(tenantTemplate());
  const pending = await db().tenant.findMany({
    where: { status: { in: ["active", "suspended"] }, OR: [{ templateVersion: null }, { templateVersion: { not: target } }] },
    select: { id: true, isolation: true, dataLocation: true, databaseUrl: true },
    orderBy: { createdAt: "asc" },
  });
  let failed = 0;
  let sharedDone = false;
  for (const [i, t] of pending.entries()) {
    let applied: string[] = [];
    let error: string | undefined;
    try {
      if (t.isolation === "schema") applied = await applyMigrations(pool(), tenantTemplate(), t.dataLocation);
      else if (t.isolation === "database") await provisionDatabaseTier(t);
      else if (!sharedDone) {
        await ensureSharedTier();
        sharedDone = true;
      }
      await db().tenant.update({ where: { id: t.id }, data: { templateVersion: target } });
    } catch (e) {
      failed++;
      error = e instanceof Error ? e.message : String(e);
    }
    onProgress({ done: i + 1, total: pending.length, tenantId: t.id, applied, error });
  }
  return { migrated: pending.length - failed, failed, total: pending.length };
}
