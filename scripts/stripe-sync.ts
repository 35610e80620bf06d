// `npm run stripe:sync`: pushes the plan catalogue to Stripe (products, base prices, meters, metered
// prices) and gives every live tenant a Stripe customer and a subscription (backfill). Idempotent: a
// second run reports everything unchanged. `--usage` also runs one meter-sync pass.
import { openCommandDatabase } from "./db-env";

async function main() {
  const database = await openCommandDatabase();
  let code = 0;
  try {
    const { billingConfig, syncAll, runMeterSync } = await import("../lib/billing");
    const cfg = billingConfig();
    if (!cfg.enabled) {
      console.error("Billing is off: set STRIPE_SECRET_KEY (and STRIPE_API_BASE for a local double). Nothing was done.");
      process.exit(2);
    }
    console.log(`Syncing with Stripe (${cfg.mode} mode${cfg.apiBase ? `, API at ${cfg.apiBase}` : ""}) using the ${database.description}…`);
    const r = await syncAll({ type: "system", label: "stripe:sync" });
    for (const line of r.created) console.log(`  created   ${line}`);
    for (const line of r.updated) console.log(`  updated   ${line}`);
    for (const line of r.archived) console.log(`  archived  ${line}`);
    console.log(`  ${r.unchanged.length} unchanged`);
    console.log(`  customers created: ${r.customersCreated}, subscriptions created: ${r.subscriptionsCreated}`);
    for (const e of r.errors) console.log(`  ERROR ${e}`);
    if (r.errors.length) code = 1;
    if (process.argv.includes("--usage")) {
      const m = await runMeterSync();
      console.log(`  meter sync: ${m.queued} new ledger rows, ${m.sent} events sent, ${m.failed} failed (${m.durationMs} ms)`);
      if (m.failed) code = 1;
    }
    for (const p of cfg.problems) console.log(`  note: ${p}`);
  } finally {
    await database.close();
  }
  process.exit(code);
}

main().catch((e) => {
  console.error(`stripe:sync failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
