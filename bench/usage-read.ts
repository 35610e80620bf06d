// A 90-day daily chart of all metrics for one tenant, on a history of T tenants × D days × 7 metrics ×
// 24 events a day (1,000 × 90 × 7 × 24 ≈ 15M raw events, generated with INSERT … SELECT
// generate_series). The rollup job is run (timed), then for sample tenants:
//   http      GET /api/v1/tenants/{id}/usage?granularity=day&from=…&to=… against the production server
//             (scripts/start.ts: the built app; built first if the sources changed) — skipped with --no-http
//   lib       tenantUsage() in process: the read path alone (rollups ∪ raw tail)
//   raw       the same answer computed from raw events (the baseline; same shape, checked equal)
// p50/p95/p99 of each. `tsx bench/usage-read.ts [--tenants 1000] [--days 90] [--samples 200] [--warmup 200]
// [--no-http] [--reuse <database>]`. Beside the HTTP figures: the server's CPU per request (from /proc,
// what the machine's load does not inflate as much as latency) and a bare Next route (GET /api/health)
// on the same server in the same run.
//
// Seeding (~200 s quiet, ~400 s on a busy machine) and the initial rollup (~340 s / ~780 s) dominate a
// run. To iterate on the read path, keep the history once and reuse it:
//   BENCH_KEEP_DB=1 npm run bench -- usage-read          # prints "database tenantry_bench_usage_read_… is kept"
//   npm run bench -- usage-read --reuse tenantry_bench_usage_read_…   # seconds: no seeding, no full rollup
// A reused database is never dropped; its seed (tenant ids, first day) is in its bench_usage_read table.
// On reuse, rollup_seconds is the catch-up on what arrived since the last run (that run's raw tail), and
// a fresh raw tail is added as on a first run. The database lives in the embedded server's data
// directory (BENCH_DATA_DIR), so it survives bench/run.ts stopping the server; a server kept running
// between runs (or DATABASE_URL) also keeps PostgreSQL's caches warm.
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { BENCH_ACTOR, intFlag, log, openBenchDatabase, percentile, report, round, runBench, stringFlag } from "./common";
import { cpuSeconds } from "./load";
import { loadAverage } from "./metering-common";
import { startApp, stopChild } from "./processes";

const DAY = 86_400_000;
const appPort = Number(process.env.BENCH_APP_PORT || 3105);
const PLATFORM_KEY = "bench-usage-read-platform-key-0123456789";

const processCpuMs = (pid: number) => cpuSeconds(pid) * 1000;

function stats(xs: number[]) {
  return { p50_ms: round(percentile(xs, 50)), p95_ms: round(percentile(xs, 95)), p99_ms: round(percentile(xs, 99)), n: xs.length };
}

/** The answer from raw events: what lib/metering/read.ts computed before the rollups existed. */
async function rawSeries(c: pg.Client, tenantId: string, from: number, to: number) {
  const r = await c.query<{ metric: string; t: Date; s: number; mx: number; l: number; lt: Date }>(
    `SELECT metric, date_trunc('day', occurred_at, 'UTC') AS t, sum(value) AS s, max(value) AS mx,
            (array_agg(value ORDER BY occurred_at DESC, id DESC))[1] AS l, max(occurred_at) AS lt
     FROM usage_events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2 ORDER BY 1, 2`,
    [tenantId, new Date(from), new Date(to)],
  );
  return r.rows;
}


async function main() {
  const tenantCount = intFlag("tenants", 1000);
  const daysFlag = intFlag("days", 90);
  const samples = intFlag("samples", 200);
  const warmup = intFlag("warmup", 200);
  const http = !process.argv.includes("--no-http");
  const load_before = loadAverage();
  const db = await openBenchDatabase("usage_read", { reuse: stringFlag("reuse") });
  let app: ChildProcess | undefined;
  const c = new pg.Client({ connectionString: db.url });
  try {
    await c.connect();
    const { createTenant } = await import("../lib/tenants/service");
    const { ensurePartitions } = await import("../lib/metering/partitions");
    const { runRollup } = await import("../lib/metering/rollup");
    const { tenantUsage } = await import("../lib/metering/read");
    const { METRICS, METRIC_KIND } = await import("../lib/quotas/metrics");

    let real: string[];
    let ids: string[];
    let first: number;
    let days = daysFlag;
    let seedSeconds: number | null = null;
    let rollupSeconds: number;
    let roll: Awaited<ReturnType<typeof runRollup>>;
    if (db.reused) {
      // An earlier run's history (BENCH_KEEP_DB=1): what it seeded is in bench_usage_read; the rollup
      // only catches up with what arrived since (the previous run's raw tail).
      const { rows: [meta] } = await c.query<{ v: { real: string[]; ids: string[]; first: number; days: number } }>(
        "SELECT v FROM bench_usage_read WHERE k = 'seed'",
      );
      if (!meta) throw new Error(`--reuse ${db.name}: not a usage-read database (no bench_usage_read row)`);
      ({ real, ids, first, days } = meta.v);
      log(`reusing ${db.name}: ${ids.length} tenants, ${days} days from ${new Date(first).toISOString()}; catching the rollup up…`);
      const r0 = performance.now();
      roll = await runRollup({ lagMs: 0, budgetMs: 3_600_000 });
      rollupSeconds = (performance.now() - r0) / 1000;
    } else {
      // 20 real tenants (the API answers 404 for ids it does not know); the rest of the history belongs
      // to ids that exist only in usage_events, which is all the read path looks at.
      real = [];
      for (let i = 0; i < Math.min(20, tenantCount); i++) {
        real.push((await createTenant({ name: `Usage ${i}`, slug: `usage-${i}`, plan: "pro", isolation: "shared" }, BENCH_ACTOR)).id);
      }
      ids = [...real, ...Array.from({ length: tenantCount - real.length }, (_, i) => `ten_bench${String(i).padStart(11, "0")}`)];
      const now = Date.now();
      const today = Math.floor(now / DAY) * DAY;
      first = today - (days - 1) * DAY;
      await ensurePartitions(first, today + DAY);

      log(`seeding ${tenantCount} tenants × ${days} days × ${METRICS.length} metrics × 24 events…`);
      const t0 = performance.now();
      for (let d = first; d <= today; d += DAY) {
        // One event per tenant, metric and hour, at a random minute; today only up to now.
        await c.query(
          // History as it would have arrived: each event received a moment after its time.
          `INSERT INTO usage_events (tenant_id, metric, value, occurred_at, received_at)
           SELECT id, metric, value, at, at + interval '1 second' FROM (
             SELECT t.id, m.metric, CASE WHEN m.metric IN ('storage_bytes', 'file_storage_bytes') THEN 1000000 + floor(random() * 1000000)
                                         ELSE floor(random() * 100) END AS value,
                    $1::timestamptz + make_interval(hours => h) + random() * interval '59 minutes' AS at
             FROM unnest($2::text[]) AS t(id), unnest($3::text[]) AS m(metric), generate_series(0, 23) AS h
             WHERE $1::timestamptz + make_interval(hours => h) < $4) e
           WHERE at < $4`,
          [new Date(d), ids, METRICS, new Date(now)],
        );
      }
      await c.query("ANALYZE usage_events");
      seedSeconds = (performance.now() - t0) / 1000;
      log(`seeded in ${round(seedSeconds, 1)} s; rolling up…`);
      const r0 = performance.now();
      roll = await runRollup({ lagMs: 0, budgetMs: 3_600_000 });
      rollupSeconds = (performance.now() - r0) / 1000;
      await c.query("CREATE TABLE bench_usage_read (k text PRIMARY KEY, v jsonb NOT NULL)");
      await c.query("INSERT INTO bench_usage_read VALUES ('seed', $1)", [JSON.stringify({ real, ids, first, days })]);
    }
    await c.query("ANALYZE usage_daily; ANALYZE usage_hourly");
    const { rows: [{ n: rawRows }] } = await c.query<{ n: string }>("SELECT count(*) AS n FROM usage_events");
    // Some events after the watermark, as in real life: the raw tail the read adds.
    await c.query(
      `INSERT INTO usage_events (tenant_id, metric, value, occurred_at)
       SELECT t.id, 'api_requests', 1, now() - random() * interval '2 hours' FROM unnest($1::text[]) AS t(id), generate_series(1, 20)`,
      [ids],
    );

    const from = first;
    const to = Date.now();
    const lib: number[] = [];
    let libCpuMs = 0;
    const raw: number[] = [];
    let mismatches = 0;
    // The read path first, then the raw baseline: interleaved, each raw query (15k rows turned into
    // Dates) left garbage and cold caches that were charged to the next read.
    const answers: Awaited<ReturnType<typeof tenantUsage>>[] = [];
    for (let i = 0; i < samples; i++) {
      const id = ids[(i * 7919) % ids.length];
      const s = performance.now();
      const cpu0 = process.cpuUsage();
      answers.push(await tenantUsage(id, { from, to, granularity: "day" }));
      lib.push(performance.now() - s);
      const cpu = process.cpuUsage(cpu0);
      libCpuMs += (cpu.user + cpu.system) / 1000;
    }
    for (let i = 0; i < samples; i++) {
      const id = ids[(i * 7919) % ids.length];
      const s = performance.now();
      const want = await rawSeries(c, id, from, to);
      raw.push(performance.now() - s);
      // Same answer: every (metric, day) value. Nothing is written while the bench reads.
      const flat = answers[i].series.flatMap((x) => x.points.map((p) => `${x.metric}@${p.t}=${p.value}`)).sort();
      const wantFlat = want.map((w) => `${w.metric}@${w.t.getTime()}=${Number(METRIC_KIND[w.metric as keyof typeof METRIC_KIND] === "gauge" ? w.mx : w.s)}`).sort();
      if (JSON.stringify(flat) !== JSON.stringify(wantFlat)) mismatches++;
    }

    let httpStats: Record<string, unknown> = { skipped: true };
    if (http) {
      log("starting the production server (builds Next first if the sources changed)…");
      app = await startApp({
        ...process.env,
        PORT: String(appPort),
        DATABASE_URL: db.url,
        TENANTRY_SEED: "false",
        NEXT_TELEMETRY_DISABLED: "1",
        TENANTRY_PLATFORM_KEY: PLATFORM_KEY,
      });
      const q = `granularity=day&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
      const get = (id: string) => fetch(`http://127.0.0.1:${appPort}/api/v1/tenants/${id}/usage?${q}`, { headers: { authorization: `Bearer ${PLATFORM_KEY}` } });
      // Warm-up: the server has just started; its first requests load route modules lazily and V8 is
      // still compiling (background compiler threads count in the server's CPU). 20 requests left a
      // run's CPU per request varying from 6 to 11 ms; the target is about a server in steady state.
      for (let i = 0; i < warmup; i++) await (await get(real[i % real.length])).text();
      const times: number[] = [];
      let bad = 0;
      const cpu0 = processCpuMs(app.pid!);
      for (let i = 0; i < samples; i++) {
        const id = real[i % real.length];
        const s = performance.now();
        const res = await get(id);
        const body = await res.text();
        times.push(performance.now() - s);
        if (res.status !== 200 || !body.includes('"series"')) bad++;
      }
      const usageCpu = (processCpuMs(app.pid!) - cpu0) / samples;
      // Same server, same moment: a bare Next route (GET /api/health), what any route costs here.
      const bare: number[] = [];
      const cpu1 = processCpuMs(app.pid!);
      for (let i = 0; i < samples; i++) {
        const s = performance.now();
        await (await fetch(`http://127.0.0.1:${appPort}/api/health`)).text();
        bare.push(performance.now() - s);
      }
      const bareCpu = (processCpuMs(app.pid!) - cpu1) / samples;
      httpStats = {
        ...stats(times),
        server_cpu_ms_per_request: round(usageCpu),
        non_200: bad,
        warmup_requests: warmup,
        target_p95_ms: 20,
        meets_target: percentile(times, 95) <= 20,
        bare_next_route_baseline: { route: "GET /api/health", ...stats(bare), server_cpu_ms_per_request: round(bareCpu) },
      };
    }

    report("usage-read", {
      server: db.server,
      tenants: ids.length,
      days,
      metrics: METRICS.length,
      raw_events: Number(rawRows),
      reused_database: db.reused ? db.name : null,
      seed_seconds: seedSeconds === null ? null : round(seedSeconds, 1),
      // A fresh run: the initial rollup of the whole history; --reuse: the catch-up since the last run.
      rollup_seconds: round(rollupSeconds, 1),
      rollup: { events: roll.events, transactions: roll.steps, rows_written: roll.rows },
      load_average_before: load_before,
      load_average_after: loadAverage(),
      query: "90-day daily series, all 7 metrics, one tenant",
      http_get_usage: httpStats,
      // CPU time is what the read costs this process, whatever else the machine is running; the
      // latencies include waiting for a core (see the load averages).
      lib_tenant_usage: { ...stats(lib), node_cpu_ms_per_read: round(libCpuMs / samples) },
      raw_events_baseline: stats(raw),
      answers_equal_to_raw: mismatches === 0,
      mismatches,
    });
  } finally {
    if (app) await stopChild(app);
    await c.end().catch(() => {});
    await db.close();
  }
}

runBench(main);
