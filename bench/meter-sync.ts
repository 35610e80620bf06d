// Meter sync of N tenants × 3 billable metrics × H hourly slices against the Stripe double (its own
// process), with the ledger, bounded concurrency and exact totals checked afterwards. Baseline in the
// same run: the same number of meter events sent straight through the SDK at the same concurrency,
// with no ledger (what the double and the SDK cost on their own).
// `tsx bench/meter-sync.ts [--tenants 1000] [--hours 24] [--concurrency 100]`
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import Stripe from "stripe";
import { BENCH_ACTOR, intFlag, log, openBenchDatabase, report, round, runBench } from "./common";
import { startChild, stopChild } from "./processes";

async function startDouble(): Promise<{ child: ChildProcess; url: string }> {
  const { child, match } = await startChild(["--import", "tsx", path.resolve("stripe-double/main.ts")], { ...process.env, STRIPE_DOUBLE_PORT: "0" }, /listening on (http:\/\/\S+)/);
  return { child, url: match[1] };
}

async function doubleState(url: string) {
  return (await (await fetch(`${url}/__double/state`)).json()) as {
    counts: Record<string, number>;
    meter_totals: Record<string, Record<string, number>>;
    max_in_flight: number;
    requests: number;
  };
}

async function main() {
  const tenants = intFlag("tenants", 1000);
  const hours = intFlag("hours", 24);
  const concurrency = Math.min(100, intFlag("concurrency", 100));
  const db = await openBenchDatabase("meter_sync");
  const { child, url } = await startDouble();
  try {
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_bench", STRIPE_API_BASE: url });
    const u = new URL(url);
    const sdk = new Stripe("sk_test_bench", { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 3 });
    const { syncCatalogue, runMeterSync } = await import("../lib/billing");
    await syncCatalogue(BENCH_ACTOR);

    log(`making ${tenants} tenants with Stripe customers…`);
    const customers: string[] = new Array(tenants);
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = next++; i < tenants; i = next++) customers[i] = (await sdk.customers.create({ name: `Bench ${i}` })).id;
      }),
    );
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const ids = customers.map((_, i) => `ten_bench${String(i).padStart(15, "0")}`);
    await c.query(
      `INSERT INTO tenants (id, slug, name, plan_id, isolation, data_location, status, stripe_customer_id, updated_at)
       SELECT id, 'bench-' || n, 'Bench ' || n, 'pro', 'shared', 'public', 'active', cus, now()
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(id, cus, n)`,
      [ids, customers],
    );
    log(`writing usage: ${tenants} × 3 metrics × ${hours} hours…`);
    const hourNow = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await c.query(
      `INSERT INTO usage_events (tenant_id, metric, value, occurred_at)
       SELECT t.id, m.metric, CASE m.metric WHEN 'storage_bytes' THEN 1000000 + h * 1000 + t.n ELSE (t.n % 97) * 10 + h + 1 END,
              to_timestamp($2::double precision / 1000) - make_interval(hours => h) + interval '7 minutes'
       FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)
       CROSS JOIN (VALUES ('api_requests'), ('egress_bytes'), ('storage_bytes')) AS m(metric)
       CROSS JOIN generate_series(1, $3::int) AS h`,
      [ids, hourNow, hours],
    );
    const slices = tenants * 3 * hours;

    log(`baseline: ${slices} meter events straight through the SDK at concurrency ${concurrency}, no ledger…`);
    // Its own meter and customer, so the sync's totals below are untouched by it.
    await sdk.billing.meters.create({ display_name: "baseline", event_name: "bench_baseline", default_aggregation: { formula: "sum" } });
    const baselineCustomer = (await sdk.customers.create({ name: "baseline" })).id;
    const ts = Math.floor(Date.now() / 1000) - 3600;
    let bi = 0;
    const bt0 = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = bi++; i < slices; i = bi++) {
          await sdk.billing.meterEvents.create(
            { event_name: "bench_baseline", payload: { stripe_customer_id: baselineCustomer, value: "1" }, identifier: `baseline-${i}`, timestamp: ts },
            { idempotencyKey: `baseline-${i}` },
          );
        }
      }),
    );
    const baselineMs = Date.now() - bt0;
    const before = await doubleState(url);

    log(`meter sync: ${slices} slices…`);
    await fetch(`${url}/__double/reset-counters`, { method: "POST" }); // max in flight: the sync's alone
    const load0 = os.loadavg()[0];
    const t0 = Date.now();
    const r = await runMeterSync({ concurrency });
    const syncMs = Date.now() - t0;
    const after = await doubleState(url);

    log("checking totals…");
    const expected = await c.query<{ tenant_id: string; metric: string; v: string }>(
      `SELECT tenant_id, metric, CASE WHEN metric = 'storage_bytes' THEN max(v) ELSE sum(v) END AS v FROM (
         SELECT tenant_id, metric, date_trunc('hour', occurred_at) AS h, floor(sum(value)) AS v FROM usage_events GROUP BY 1, 2, 3) x GROUP BY 1, 2`,
    );
    const cus = new Map(ids.map((id, i) => [id, customers[i]]));
    let mismatches = 0;
    for (const e of expected.rows) {
      const total = after.meter_totals[cus.get(e.tenant_id)!]?.[`tenantry_${e.metric}`] ?? 0;
      // The double's per-customer total sums every event; for the gauge the ledger sends one level per
      // slice, so the sum of levels is what it should hold.
      const want = e.metric === "storage_bytes" ? Number((await c.query<{ s: string }>(
        `SELECT sum(v) AS s FROM (SELECT (array_agg(value ORDER BY occurred_at DESC))[1] AS v FROM usage_events WHERE tenant_id = $1 AND metric = 'storage_bytes' GROUP BY date_trunc('hour', occurred_at)) x`,
        [e.tenant_id],
      )).rows[0].s) : Number(e.v);
      if (total !== want) mismatches++;
    }
    const second = await runMeterSync({ concurrency });
    await c.end();
    report("meter-sync", {
      server: db.server,
      tenants,
      metrics: 3,
      hours,
      slices,
      concurrency_limit: concurrency,
      cpus: os.cpus().length,
      load_average_1m_before: round(load0, 2),
      load_average_1m_after: round(os.loadavg()[0], 2),
      sync: {
        seconds: round(syncMs / 1000, 2),
        plan_seconds: round(r.planMs / 1000, 2),
        send_seconds: round(r.sendMs / 1000, 2),
        events_per_second: Math.round(r.sent / (syncMs / 1000)),
        queued: r.queued,
        sent: r.sent,
        failed: r.failed,
        max_requests_in_flight: r.maxInFlight,
        meter_events_in_double: after.counts.meter_events - before.counts.meter_events,
        total_mismatches: mismatches,
        second_pass: { queued: second.queued, sent: second.sent },
      },
      baseline_sdk_only: { seconds: round(baselineMs / 1000, 2), events_per_second: Math.round(slices / (baselineMs / 1000)) },
      ratio_to_baseline: round(baselineMs / syncMs, 3),
      targets: { seconds: 30, max_requests_in_flight: 100, total_mismatches: 0 },
    });
  } finally {
    await stopChild(child);
    await db.close();
  }
}

runBench(main);
