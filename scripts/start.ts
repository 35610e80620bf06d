// `npm start`: embedded PostgreSQL (unless DATABASE_URL is set) → migrations → demo seed → build if
// needed → serve. `npm run dev` does the same with Next's dev server. Ctrl-C stops everything cleanly.
import path from "node:path";
import { config } from "../lib/config";
import { loadOrCreateSecrets } from "../lib/secrets";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { buildIfNeeded } from "./build-if-needed";

const dev = process.argv.includes("--dev");
const root = process.cwd();

async function main() {
  const dataDir = config.dataDir;
  const secrets = loadOrCreateSecrets(dataDir);
  process.env.AUTH_SECRET ||= secrets.authSecret;
  process.env.AUTH_TRUST_HOST ||= "true";
  process.env.TENANTRY_ROOT ||= root;

  let embedded: EmbeddedServer | undefined;
  if (!config.databaseUrl) {
    console.log(`Starting the embedded PostgreSQL (data in ${path.relative(root, dataDir) || "."}/pg)…`);
    embedded = await startEmbeddedPostgres({ baseDir: dataDir, port: config.embeddedPgPort });
    process.env.DATABASE_URL = await ensureDatabase(embedded.url, "tenantry");
  }
  // For the Settings page: DATABASE_URL alone does not say whether we started the server.
  process.env.TENANTRY_DB_MODE = embedded ? "embedded" : "external";

  const { migrateControlPlane } = await import("../lib/db/bootstrap");
  const { migrateAllTenants } = await import("../lib/isolation/migrate-all");
  const { seedDemo } = await import("../lib/seed/demo");
  const applied = await migrateControlPlane();
  if (applied.length) console.log(`Applied ${applied.length} control-plane migration(s).`);
  // Usage partitions for today and the days ahead exist before the first event can arrive.
  // (Only the partitions: purging old idempotency keys is the hourly job's, not every start's.)
  await (await import("../lib/metering/partitions")).maintainPartitions();
  const tenants = await migrateAllTenants();
  if (tenants.total) console.log(`Migrated ${tenants.migrated}/${tenants.total} tenant(s) to the newest template${tenants.failed ? ` (${tenants.failed} failed: run npm run migrate-tenants)` : ""}.`);

  const adminEmail = process.env.TENANTRY_ADMIN_EMAIL || "admin@tenantry.local";
  const adminPassword = process.env.TENANTRY_ADMIN_PASSWORD || secrets.demoAdminPassword;
  const seeded = process.env.TENANTRY_SEED === "false" ? false : await seedDemo({ email: adminEmail, password: adminPassword });
  if (seeded) console.log("Seeded the demo: an admin and three tenants.");

  if (!dev) buildIfNeeded(root);
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";

  const { startServer } = await import("../server");
  const { startProvisioningWorker } = await import("../lib/jobs/provisioning");
  const { startDataPlane, stopDataPlane } = await import("../lib/dataplane/lifecycle");
  await startDataPlane();
  const server = await startServer({ port: config.port, dev });
  await startProvisioningWorker();
  await (await import("../lib/mail/retry")).startMailWorker();
  await (await import("../lib/jobs/metering")).startMeteringWorkers();
  const { billingConfig } = await import("../lib/billing/config");
  await (await import("../lib/billing/jobs")).startBillingWorkers();

  console.log("");
  console.log(`  Tenantry is running at ${server.url}`);
  if (!process.env.TENANTRY_ADMIN_PASSWORD && adminPassword === secrets.demoAdminPassword) {
    console.log(`  Sign in as ${adminEmail} with password ${adminPassword}`);
  } else {
    console.log(`  Sign in as ${adminEmail}`);
  }
  if (config.platformKey) console.log("  REST API: Authorization: Bearer $TENANTRY_PLATFORM_KEY");
  const billing = billingConfig();
  console.log(billing.enabled ? `  Billing: Stripe ${billing.mode} mode${billing.apiBase ? ` at ${billing.apiBase}` : ""}` : "  Billing: off (set STRIPE_SECRET_KEY)");
  for (const p of billing.enabled ? billing.problems : []) console.log(`  Billing: ${p}`);
  console.log("");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    const { stopQueue } = await import("../lib/jobs/queue");
    const { closeDatabaseConnections } = await import("../lib/db/close");
    await server.close();
    await stopDataPlane();
    await stopQueue();
    await closeDatabaseConnections();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
