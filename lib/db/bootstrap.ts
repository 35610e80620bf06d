// Brings the control plane's database up to date: control-plane migrations, then every tenant's
// template migrations (the shared tier and any tenant behind the newest template version).
import { applyMigrations, loadMigrations, migrationsDir } from "./migrate";
import { pool } from "./pool";

export async function migrateControlPlane(): Promise<string[]> {
  return applyMigrations(pool(), loadMigrations(migrationsDir.controlPlane()), "public");
}
