// End-to-end ingest over HTTP through the data-plane fast path: a data-plane server process
// (bench/dataplane-server.ts) on a fresh database with N tenants, autocannon POSTing batches of B
// events round-robin over the tenants' keys for D seconds. Then: every accepted event must be in
// usage_events, and the rollup is run to catch up (timed). Baseline in the same run: raw PostgreSQL,
// multi-row INSERTs of B rows from the bench process for a few seconds (no HTTP, no validation).
// `tsx bench/ingest-http.ts [--tenants 1000] [--duration 60] [--batch 100] [--connections 64]
//  [--baseline-seconds 10] [--idempotency]`
import pg from "pg";
import { intFlag, log, openBenchDatabase, percentile, report, round, runBench } from "./common";
import { autocannon, type AcRequest } from "./load";
import { loadAverage, startDataPlaneProcess, tenantsWithKeys } from "./metering-common";
import { stopChild } from "./processes";

const TARGET_EVENTS_PER_SECOND = 50_000;

async function baseline(url: string, seconds: number, batch: number, clients = 4) {
  const stop = Date.now() + seconds * 1000;
  const lat: number[] = [];
  let rows = 0;
  const values = (n: number) => [Array(n).fill("ten_baseline"), Array(n).fill("write_ops"), Array(n).fill(1), Array(n).fill(new Date().toISOString())];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        while (Date.now() < stop) {
          const t0 = performance.now();
          await c.query({
            name: "baseline",
            text: "INSERT INTO usage_events (tenant_id, metric, value, occurred_at) SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::timestamptz[])",
            values: values(batch),
          });
          lat.push(performance.now() - t0);
          rows += batch;
        }
      } finally {
        await c.end();
      }
    }),
  );
  return { rows_per_second: Math.round(rows / seconds), statement_p50_ms: round(percentile(lat, 50)), statement_p99_ms: round(percentile(lat, 99)), clients, batch };
}

async function main() {
  const tenantCount = intFlag("tenants", 1000);
  const duration = intFlag("duration", 60);
  const batch = intFlag("batch", 100);
  const connections = intFlag("connections", 64);
  const baselineSeconds = intFlag("baseline-seconds", 10);
  const keyed = process.argv.includes("--idempotency");
  const load_before = loadAverage();
  const db = await openBenchDatabase("ingest_http");
  let server: Awaited<ReturnType<typeof startDataPlaneProcess>> | undefined;
  try {
    const tenants = await tenantsWithKeys(tenantCount, ["usage:write"]);
    log(`baseline: raw multi-row INSERTs of ${batch} rows for ${baselineSeconds}s…`);
    const raw = await baseline(db.url, baselineSeconds, batch);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query("TRUNCATE usage_events");

    server = await startDataPlaneProcess({ ...process.env, DATABASE_URL: db.url });
    const post = (key: string, body: string) =>
      fetch(`${server!.url}/api/v1/usage`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
    log("warming up (every key once)…");
    let warm = 0;
    let w = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = w++; i < tenants.length; i = w++) {
          const r = await post(tenants[i].key, JSON.stringify({ events: [{ metric: "read_ops", value: 1 }] }));
          if (r.status !== 202) throw new Error(`warm-up: ${r.status} ${await r.text()}`);
          await r.text();
          warm++;
        }
      }),
    );

    const plainBodies = tenants.map(() => JSON.stringify({ events: Array.from({ length: batch }, () => ({ metric: "read_ops", value: 1 })) }));
    let turn = 0;
    let seq = 0;
    const requests: AcRequest[] = [
      {
        method: "POST",
        path: "/api/v1/usage",
        headers: { authorization: `Bearer ${tenants[0].key}`, "content-type": "application/json" },
        body: plainBodies[0],
        setupRequest: (req) => {
          const i = turn++ % tenants.length;
          const body = keyed
            ? JSON.stringify({ events: Array.from({ length: batch }, (_, j) => ({ metric: "read_ops", value: 1, idempotency_key: `${seq}-${j}` })) })
            : plainBodies[i];
          if (keyed) seq++;
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${tenants[i].key}` }, body };
        },
      },
    ];
    log(`ingest: ${duration}s, ${connections} connections, batches of ${batch}${keyed ? " with idempotency keys" : ""}…`);
    const r = await autocannon({ url: server.url, connections, duration, pipelining: 1, requests, timeout: 30 });
    const accepted = r["2xx"] * batch;
    await stopChild(server.child); // flushes its api_requests / egress_bytes counts
    server = undefined;

    const { rows: [count] } = await admin.query<{ n: string }>("SELECT count(*) AS n FROM usage_events WHERE metric = 'read_ops'");
    const stored = Number(count.n) - warm;
    log(`accepted ${accepted} events, ${stored} stored; rolling up…`);
    const { runRollup } = await import("../lib/metering/rollup");
    const t0 = performance.now();
    const roll = await runRollup({ lagMs: 0, budgetMs: 3_600_000 });
    const rollupSeconds = (performance.now() - t0) / 1000;
    const { rows: [rolled] } = await admin.query<{ n: string }>("SELECT sum(count) AS n FROM usage_daily WHERE metric = 'read_ops'");
    await admin.end();

    const eventsPerSecond = Math.round(accepted / duration);
    report("ingest-http", {
      server: db.server,
      tenants: tenantCount,
      duration_seconds: duration,
      batch,
      connections,
      idempotency_keys: keyed,
      load_average_before: load_before,
      load_average_after: loadAverage(),
      http: {
        events_per_second: eventsPerSecond,
        requests_per_second: Math.round(r["2xx"] / duration),
        p50_ms: r.latency.p50,
        p99_ms: r.latency.p99,
        max_ms: r.latency.max,
        non_2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      },
      // autocannon stops with up to `connections` requests in flight whose replies it does not count;
      // those were committed too, so stored may exceed accepted by at most connections × batch.
      verified: {
        accepted,
        stored,
        every_accepted_event_stored: stored >= accepted,
        stored_but_reply_not_counted: stored - accepted,
        within_in_flight_bound: stored - accepted <= connections * batch,
        rolled_up: Number(rolled.n) - warm,
      },
      rollup_catch_up: { seconds: round(rollupSeconds, 2), events: roll.events, transactions: roll.steps, caught_up: roll.caughtUp },
      baseline_raw_postgres: raw,
      ratio_to_baseline: round(eventsPerSecond / raw.rows_per_second, 3),
      target_events_per_second: TARGET_EVENTS_PER_SECOND,
      meets_target: eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
    });
  } finally {
    if (server) await stopChild(server.child);
    await db.close();
  }
}

runBench(main);
