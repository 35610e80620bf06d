// POST /api/webhooks/stripe on the production server (`scripts/start.ts`: built Next behind the custom
// server), with unique signed events (subscription updates and invoice payments/failures for N
// tenants, so each one changes state and writes audit rows). Measured in the same run, with the same
// autocannon settings: GET /api/health, a bare Next route handler, as the baseline. Then a fixed rate
// (default 300 events/s) for the latency figure, and a check that every event was stored and applied once.
// `tsx bench/webhooks.ts [--tenants 500] [--seconds 10] [--connections 16] [--rate 300]`
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import pg from "pg";
import Stripe from "stripe";
import { intFlag, log, openBenchDatabase, report, round, runBench } from "./common";
import { autocannon, type AcRequest } from "./load";
import { freePort, startApp, stopChild } from "./processes";

const SECRET = "whsec_bench_tenantry";



async function main() {
  const tenants = intFlag("tenants", 500);
  const seconds = intFlag("seconds", 10);
  const connections = intFlag("connections", 16);
  const rate = intFlag("rate", 300);
  const db = await openBenchDatabase("webhooks");
  let app: ChildProcess | undefined;
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO tenants (id, slug, name, plan_id, isolation, data_location, status, stripe_customer_id, stripe_subscription_id, billing_status, updated_at)
       SELECT 'ten_hook' || lpad(n::text, 16, '0'), 'hook-' || n, 'Hook ' || n, 'pro', 'shared', 'public', 'active', 'cus_hook' || n, 'sub_hook' || n, 'active', now()
       FROM generate_series(1, $1::int) AS n`,
      [tenants],
    );
    const port = await freePort();
    log("starting the production server (builds Next first if the sources changed)…");
    app = await startApp({ ...process.env, PORT: String(port), DATABASE_URL: db.url, TENANTRY_SEED: "false", NEXT_TELEMETRY_DISABLED: "1", STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: "" });
    const base = `http://127.0.0.1:${port}`;

    // Unique events, each a state change: per tenant, status flips active → past_due → active … with
    // increasing `created`, alternating subscription updates and invoice events.
    let seq = 0;
    const created0 = Math.floor(Date.now() / 1000);
    const nextEvent = (): { body: string; signature: string } => {
      const i = seq++;
      const n = (i % tenants) + 1;
      const round = Math.floor(i / tenants);
      const failing = round % 2 === 0;
      const customer = `cus_hook${n}`;
      const sub = `sub_hook${n}`;
      const object =
        i % 3 === 0
          ? {
              id: sub,
              object: "subscription",
              customer,
              status: failing ? "past_due" : "active",
              // As Stripe sends them: the items, with their prices and the current period.
              items: {
                object: "list",
                data: [{ id: `si_hook${n}`, object: "subscription_item", price: { id: "price_bench_base", object: "price", recurring: { interval: "month", usage_type: "licensed" }, metadata: {} }, current_period_start: created0, current_period_end: created0 + 30 * 86_400 }],
              },
            }
          : { id: `in_hook_${i}`, object: "invoice", customer, subscription: sub, status: failing ? "open" : "paid" };
      const type = i % 3 === 0 ? "customer.subscription.updated" : failing ? "invoice.payment_failed" : "invoice.paid";
      const body = JSON.stringify({ id: `evt_bench_${i}`, object: "event", type, created: created0 + round, livemode: false, api_version: "2026-10-28.endive", data: { object } });
      return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) };
    };
    const hookRequest = (): AcRequest[] => [
      {
        method: "POST",
        path: "/api/webhooks/stripe",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => {
          const e = nextEvent();
          return { ...req, body: e.body, headers: { ...req.headers, "stripe-signature": e.signature } };
        },
      },
    ];
    const probe = nextEvent();
    const pr = await fetch(`${base}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": probe.signature }, body: probe.body });
    if (pr.status !== 200) throw new Error(`probe: ${pr.status} ${await pr.text()}`);

    const run = async (opts: { requests?: AcRequest[]; path?: string; overallRate?: number; duration: number }) => {
      const r = await autocannon({ url: `${base}${opts.path ?? ""}`, connections, duration: opts.duration, pipelining: 1, ...(opts.requests ? { requests: opts.requests } : {}), ...(opts.overallRate ? { overallRate: opts.overallRate } : {}) });
      return { requests_per_second: Math.round(r.requests.average), total: r.requests.total, ok: r["2xx"], p50_ms: r.latency.p50, p99_ms: r.latency.p99, max_ms: r.latency.max, errors: r.errors + r.timeouts, non_2xx: r.non2xx };
    };
    log("warming up…");
    await run({ path: "/api/health", duration: 3 });
    await run({ requests: hookRequest(), duration: 3 });
    const load0 = os.loadavg()[0];
    log(`baseline: GET /api/health, ${connections} connections, ${seconds}s…`);
    const health = await run({ path: "/api/health", duration: seconds });
    log(`webhooks: as fast as they go, ${connections} connections, ${seconds}s…`);
    const max = await run({ requests: hookRequest(), duration: seconds });
    log(`webhooks: ${rate} events/s for ${seconds}s…`);
    const fixed = await run({ requests: hookRequest(), duration: seconds, overallRate: rate });

    const sentOk = await c.query<{ n: number; once: number; applied: number; ignored: number; failed: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE deliveries = 1)::int AS once, count(*) FILTER (WHERE outcome = 'applied')::int AS applied,
              count(*) FILTER (WHERE outcome = 'ignored')::int AS ignored, count(*) FILTER (WHERE outcome = 'failed')::int AS failed FROM stripe_events`,
    );
    const s = sentOk.rows[0];
    report("webhooks", {
      server: db.server,
      tenants,
      seconds,
      connections,
      cpus: os.cpus().length,
      load_average_1m: round(load0, 2),
      load_average_1m_after: round(os.loadavg()[0], 2),
      baseline_bare_next_route_get_health: health,
      webhooks_max: max,
      webhooks_fixed_rate: { target_per_second: rate, ...fixed },
      ratio_to_baseline: round(max.requests_per_second / health.requests_per_second, 3),
      events: { signed_and_sent: seq, stored: s.n, stored_once: s.once, applied: s.applied, ignored_as_stale: s.ignored, failed: s.failed },
      targets: { events_per_second: 300, p99_ms: 100 },
    });
  } finally {
    await c.end().catch(() => {});
    if (app) await stopChild(app, 10_000);
    await db.close();
  }
}

runBench(main);
