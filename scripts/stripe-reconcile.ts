// `npm run stripe:reconcile [-- --from 2026-11-01 --to 2026-12-01] [--all]`: Tenantry's usage per
// tenant and billable metric beside what the ledger reported and what Stripe counted. Prints the rows
// that differ (all with --all) and exits 1 when any does.
import { openCommandDatabase } from "./db-env";

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const t = Date.parse(process.argv[i + 1] ?? "");
  if (Number.isNaN(t)) throw new Error(`${name} takes a date (2026-11-01 or an ISO time)`);
  return t;
}

async function main() {
  const from = arg("--from");
  const to = arg("--to");
  const all = process.argv.includes("--all");
  const database = await openCommandDatabase();
  let code = 0;
  try {
    const { billingConfig, reconciliation } = await import("../lib/billing");
    if (!billingConfig().enabled) console.log("Billing is off (STRIPE_SECRET_KEY is not set): comparing Tenantry with the ledger only.");
    const rows = await reconciliation({ from, to });
    const differing = rows.filter((r) => r.difference !== 0 || (r.stripeDifference ?? 0) !== 0);
    const show = all ? rows : differing;
    if (rows.length) console.log(`Period ${rows[0].periodStart.toISOString()} → ${rows[0].periodEnd.toISOString()}, ${rows.length} tenant×metric rows.`);
    if (show.length) {
      console.log(["tenant".padEnd(28), "metric".padEnd(14), "tenantry".padStart(16), "reported".padStart(16), "stripe".padStart(16), "difference".padStart(12)].join(" "));
      for (const r of show) {
        console.log(
          [r.tenantSlug.padEnd(28), r.metric.padEnd(14), String(r.tenantry).padStart(16), String(r.reported).padStart(16), String(r.stripe ?? "?").padStart(16), String(r.difference).padStart(12)].join(" "),
        );
      }
    }
    console.log(differing.length ? `${differing.length} row(s) differ (a pending meter sync closes most differences).` : "Everything reported matches.");
    if (differing.length) code = 1;
  } finally {
    await database.close();
  }
  process.exit(code);
}

main().catch((e) => {
  console.error(`stripe:reconcile failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
