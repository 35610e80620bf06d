// The server Playwright's webServer starts: wipes the e2e data folder (or recreates the e2e database
// on an external server when DATABASE_URL is set) so every run starts from the demo seed, then runs
// scripts/start.ts in this process (build if needed → migrate → seed → serve).
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { DATABASE_URL_FILE, E2E_DATA_DIR, E2E_PORT, STRIPE_DOUBLE_URL_FILE, STRIPE_WEBHOOK_SECRET, e2eServerEnv } from "./e2e-env";
import { startStripeDouble } from "../stripe-double";

const E2E_DATABASE = "tenantry_e2e";

function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return process.platform !== "linux"; // no /proc: trust postmaster.pid
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A run that was killed (Ctrl-C twice, a crashed runner) can leave its PostgreSQL running on the
// folder we are about to delete; stop it first, or the new server could not bind the port.
async function stopLeftoverPostgres(dataDir: string) {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isPostgres(pid)) return;
  console.log(`[e2e] stopping a PostgreSQL left by an earlier run (pid ${pid})…`);
  process.kill(pid, "SIGINT"); // fast shutdown
  for (let i = 0; i < 150 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

// With DATABASE_URL, the e2e run gets its own database on that server, recreated each run. The
// databases of database-tier tenants the last run made are dropped with it, so runs don't pile up.
async function freshExternalDatabase(serverUrl: string): Promise<string> {
  const target = new URL(serverUrl);
  target.pathname = `/${E2E_DATABASE}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [E2E_DATABASE]);
    if (exists.rowCount) {
      const old = new pg.Client({ connectionString: target.toString() });
      const leftovers: string[] = [];
      try {
        await old.connect();
        const r = await old.query<{ data_location: string }>(
          "select data_location from public.tenants where isolation = 'database' and database_url is null",
        );
        leftovers.push(...r.rows.map((x) => x.data_location));
      } catch {
        // an older or half-made e2e database: nothing we can enumerate
      } finally {
        await old.end().catch(() => {});
      }
      for (const name of leftovers) {
        if (/^tenant_[a-z0-9]+$/.test(name)) await admin.query(`drop database if exists "${name}" with (force)`);
      }
      await admin.query(`drop database "${E2E_DATABASE}" with (force)`);
    }
    await admin.query(`create database "${E2E_DATABASE}"`);
  } finally {
    await admin.end();
  }
  return target.toString();
}

async function main() {
  Object.assign(process.env, e2eServerEnv());
  await stopLeftoverPostgres(E2E_DATA_DIR);
  fs.rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(E2E_DATA_DIR, { recursive: true });
  if (process.env.DATABASE_URL) {
    process.env.DATABASE_URL = await freshExternalDatabase(process.env.DATABASE_URL);
    fs.writeFileSync(DATABASE_URL_FILE, process.env.DATABASE_URL, { mode: 0o600 });
    console.log(`[e2e] using a fresh database ${E2E_DATABASE} on the DATABASE_URL server`);
  }
  // The Stripe double lives in this process (it goes when the server goes) on a free port; its hosted
  // Checkout and Billing Portal pages send signed webhooks to the app like Stripe does.
  const double = await startStripeDouble({
    webhookUrl: `http://127.0.0.1:${E2E_PORT}/api/webhooks/stripe`,
    webhookSecret: STRIPE_WEBHOOK_SECRET,
  });
  process.env.STRIPE_API_BASE = double.url;
  fs.writeFileSync(STRIPE_DOUBLE_URL_FILE, double.url);
  console.log(`[e2e] Stripe double on ${double.url}`);
  await import("./start");
  // start.ts runs on its own (migrate, seed, maybe build): sync the catalogue once the app answers, so
  // tenants get their subscriptions (specs that need it synced also sync it themselves, idempotently).
  void (async () => {
    for (let i = 0; i < 1200; i++) {
      const up = await fetch(`http://127.0.0.1:${process.env.PORT}/api/ready`).then((r) => r.ok).catch(() => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const { syncAll } = await import("../lib/billing");
    const r = await syncAll({ type: "system", label: "e2e" });
    console.log(`[e2e] Stripe catalogue synced: ${r.created.length} created, ${r.customersCreated} customers`);
  })().catch((e) => console.error("[e2e] Stripe sync failed:", e instanceof Error ? e.message : e));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
