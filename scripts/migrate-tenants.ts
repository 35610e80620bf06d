// `npm run migrate-tenants`: brings every tenant's data up to the newest tenant template. One line per
// tenant as it goes, then a summary. Resumable: each tenant records its template version when done,
// so after an interruption or a failure, running it again picks up only the tenants still behind.
import { openCommandDatabase } from "./db-env";

async function main() {
  const database = await openCommandDatabase();
  console.log(`Migrating tenants in the ${database.description}…`);
  let code = 0;
  try {
    const { migrateAllTenants } = await import("../lib/isolation/migrate-all");
    const started = Date.now();
    const result = await migrateAllTenants((p) => {
      const width = String(p.total).length;
      const step = `[${String(p.done).padStart(width)}/${p.total}]`;
      if (p.error) console.log(`${step} ${p.tenantId}  FAILED: ${p.error}`);
      else console.log(`${step} ${p.tenantId}  ${p.applied.length ? `applied ${p.applied.join(", ")}` : "up to date"}`);
    });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (result.total === 0) console.log("Every tenant is already on the newest template.");
    else console.log(`Done in ${secs}s: ${result.migrated} migrated, ${result.failed} failed, ${result.total} were behind.`);
    if (result.failed) {
      console.log("Fix the cause and run `npm run migrate-tenants` again: finished tenants are skipped.");
      code = 1;
    }
  } finally {
    await database.close();
  }
  process.exit(code);
}

main().catch((e) => {
  console.error(`migrate-tenants failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
