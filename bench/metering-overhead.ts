// What automatic metering (api_requests + egress_bytes counted per data-plane request, flushed in
// batches, rolled up) costs the data plane: the same two data-plane server processes, one with
// TENANTRY_AUTO_METERING=off and one on, loaded AT THE SAME TIME, so that whatever the shared machine
// does to one it does to the other.
//
// Why this shape (the earlier bench alternated 4 s rounds, one server at a time): on this VM a
// server's CPU per request drifts 2× over minutes and rounds vary ±30 %, so consecutive rounds
// could not resolve 1 %. Here:
// - One process drives both servers with two autocannon instances of the same connection count on
//   one event loop, so requests to the two are interleaved at the granularity of single responses
//   (closed loop: each side gets as many requests as it can answer; CPU per request does not need
//   equal counts). Keys round-robin over the same N tenants on both sides.
// - Each side has its own database (the second a template copy of the first: same tenants, same
//   keys) on the one embedded PostgreSQL, and runs its own rollup every 5 s in its own process
//   (BENCH_ROLLUP_MS) as the pg-boss job does in production. A side's cost is its server process's CPU
//   (all threads, /proc) plus the CPU of the PostgreSQL backends serving its database (bench/pg-cpu.ts)
//   — so the flush's inserts, the usage refreshes and the rollup of the events metering adds are
//   charged to "on". PostgreSQL's CPU that cannot be attributed (WAL writer, checkpointer, exited
//   short-lived backends) is reported, and the `upper_bound` figure charges all
//   of it to "on".
// - The run is cut into short slices (default 180 × 2 s). The point estimate is the ratio of totals
//   (CPU per request on / off − 1); its 95 % interval is a moving-block bootstrap over slices with
//   blocks of one flush period (60 s), because the flush and rollup land in some slices and not others
//   (a median of per-slice ratios would skip exactly the slices that carry the flush — it is reported
//   too, for comparison, but is not the estimate).
// Positive overhead = metering on costs more. Throughput is reported the same way (on/off − 1; negative
// = fewer requests with metering on): with both sides competing for the same CPU, a costlier side
// gets fewer requests.
// Run for whole minutes (180 × 2 s = 6 min, six flushes): the key and tenant caches' 60 s expiry is the largest
// disturbance left, and it should fall equally in every run.
// `tsx bench/metering-overhead.ts [--tenants 1000] [--slices 180] [--slice-seconds 2] [--connections 16]`
// (--connections per side) [--placements 2]. BENCH_NO_ROLLUP=1 leaves the rollup out; BENCH_AA=1 runs
// both sides with metering off (an A/A run: what the method reports when there is nothing to find).
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { intFlag, log, openBenchDatabase, report, round, runBench } from "./common";
import { autocannon, autocannonTracked, cpuSeconds, median, type AcRequest } from "./load";
import { loadAverage, startDataPlaneProcess, tenantsWithKeys } from "./metering-common";
import { PgCpu, parentOf } from "./pg-cpu";
import { stopChild } from "./processes";
import { withClient } from "../lib/db/short-client";
import { meteringSettings } from "../lib/metering/settings";

const FLUSH_MS = meteringSettings.usageFlushMs; // the product's default unless TENANTRY_USAGE_FLUSH_MS is set
const ROLLUP_MS = 5_000;

interface Slice {
  offRequests: number;
  onRequests: number;
  offServer: number;
  onServer: number;
  offPg: number;
  onPg: number;
  pgUnattributed: number;
  machineBusy: number;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - (f[4] ?? 0), total };
}

/** Deterministic PRNG, so a run's interval can be recomputed from its slices. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Estimate {
  point: number;
  ci95: [number, number];
  /** The bootstrap resamples, in the order drawn: two runs' estimates combine resample by resample. */
  samples: number[];
}

const interval = (samples: number[]): [number, number] => {
  const sorted = [...samples].sort((x, y) => x - y);
  return [sorted[Math.floor(0.025 * sorted.length)], sorted[Math.ceil(0.975 * sorted.length) - 1]];
};

/** Point estimate and 95 % moving-block bootstrap interval of `stat` over the slices. */
function blockBootstrap(slices: Slice[], block: number, stat: (s: Slice[]) => number, seed: number, resamples = 4000): Estimate {
  const rand = mulberry32(seed);
  const n = slices.length;
  const b = Math.min(block, n);
  const out: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const pick: Slice[] = [];
    while (pick.length < n) {
      const start = Math.floor(rand() * (n - b + 1));
      for (let i = start; i < start + b && pick.length < n; i++) pick.push(slices[i]);
    }
    out.push(stat(pick));
  }
  return { point: stat(slices), ci95: interval(out), samples: out };
}

/** The mean of two independent runs' estimates, its interval from their resamples averaged pairwise. */
function meanOf(a: Estimate, b: Estimate): Estimate {
  const samples = a.samples.map((x, i) => (x + b.samples[i]) / 2);
  return { point: (a.point + b.point) / 2, ci95: interval(samples), samples };
}

const sum = (xs: Slice[], f: (s: Slice) => number) => xs.reduce((a, s) => a + f(s), 0);
const costOn = (s: Slice) => s.onServer + s.onPg;
const costOff = (s: Slice) => s.offServer + s.offPg;
const cpuOverhead = (xs: Slice[]) => sum(xs, costOn) / sum(xs, (s) => s.onRequests) / (sum(xs, costOff) / sum(xs, (s) => s.offRequests)) - 1;
const cpuOverheadUpper = (xs: Slice[]) =>
  sum(xs, (s) => costOn(s) + s.pgUnattributed) / sum(xs, (s) => s.onRequests) / (sum(xs, costOff) / sum(xs, (s) => s.offRequests)) - 1;
// The database's share: the difference in PostgreSQL CPU per request, over "off"'s whole cost per request
// (so that it and the server's share add up, roughly, to the overall figure). The part that is stable
// between runs; the server process's share also carries process-to-process differences (±1 %).
const postgresPartOverhead = (xs: Slice[]) =>
  (sum(xs, (s) => s.onPg) / sum(xs, (s) => s.onRequests) - sum(xs, (s) => s.offPg) / sum(xs, (s) => s.offRequests)) / (sum(xs, costOff) / sum(xs, (s) => s.offRequests));
const serverOnlyOverhead = (xs: Slice[]) => sum(xs, (s) => s.onServer) / sum(xs, (s) => s.onRequests) / (sum(xs, (s) => s.offServer) / sum(xs, (s) => s.offRequests)) - 1;
const throughputRatio = (xs: Slice[]) => sum(xs, (s) => s.onRequests) / sum(xs, (s) => s.offRequests) - 1;

const pct = (x: Estimate) => ({ point: round(x.point, 4), ci95: [round(x.ci95[0], 4), round(x.ci95[1], 4)] });

const ESTIMATES = {
  overhead_cpu_per_request: cpuOverhead,
  // The same with all unattributed PostgreSQL CPU charged to "on": a bound from above.
  overhead_cpu_per_request_upper_bound: cpuOverheadUpper,
  overhead_server_process_only: serverOnlyOverhead,
  overhead_postgres_part: postgresPartOverhead,
  throughput_on_vs_off: throughputRatio,
};
type Estimates = Record<keyof typeof ESTIMATES, Estimate>;

/** One run in one placement: `swap` puts the "on" side in the first place. */
// The database the tenants were made in (and, for the second run, its state after the first, where it
// was the "off" side: no usage, keys' last-used times) is the template of each run's other side.
type BenchDb = Awaited<ReturnType<typeof openBenchDatabase>>;

async function measure(db: BenchDb, tenants: { id: string; key: string }[], swap: boolean, seed: number): Promise<{ fields: Record<string, unknown>; estimates: Estimates }> {
  const tenantCount = tenants.length;
  const sliceCount = intFlag("slices", 180);
  const sliceSeconds = intFlag("slice-seconds", 2);
  const connections = intFlag("connections", 16);
  const rollup = !process.env.BENCH_NO_ROLLUP;
  const load_before = loadAverage();
  const copyDb = `${db.name}_copy`;
  const copyUrl = (() => {
    const u = new URL(db.url);
    u.pathname = `/${copyDb}`;
    return u.toString();
  })();
  const [offDb, onDb] = swap ? [copyDb, db.name] : [db.name, copyDb];
  const [offUrl, onUrl] = swap ? [copyUrl, db.url] : [db.url, copyUrl];
  const children: ChildProcess[] = [];
  let pgCpu: PgCpu | undefined;
  try {
    // The other side's database: a copy of the one the tenants were made in (no connections may be
    // open to a template while it is copied).
    const { closeDatabaseConnections } = await import("../lib/db/close");
    await closeDatabaseConnections();
    // Fresh statistics first: the activity counters that trigger autovacuum are not copied with a
    // template, so without this only the first database would be auto-analysed during the run.
    await withClient(db.url, "tenantry-bench-admin", (c) => c.query("VACUUM (ANALYZE)"));
    const postmaster = await withClient(db.serverUrl, "tenantry-bench-admin", async (c) => {
      await c.query(`CREATE DATABASE "${copyDb}" TEMPLATE "${db.name}"`);
      return parentOf((await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid);
    });
    const env = { ...process.env, TENANTRY_USAGE_FLUSH_MS: String(FLUSH_MS), ...(rollup ? { BENCH_ROLLUP_MS: String(ROLLUP_MS) } : {}) };
    // BENCH_AA=1: the "on" side runs with metering off too — an A/A run, to see the method's own bias.
    // swap: the "on" side takes the first place (its database the original, its process started first,
    // its load generator created first). Process-to-process differences of up to ~1.8 % (A/A runs) are
    // why the estimate is the mean of a run in each place (main, below).
    const startOff = () => startDataPlaneProcess({ ...env, DATABASE_URL: offUrl, TENANTRY_AUTO_METERING: "off" });
    const startOn = () => startDataPlaneProcess({ ...env, DATABASE_URL: onUrl, TENANTRY_AUTO_METERING: process.env.BENCH_AA ? "off" : "on" });
    const first = await (swap ? startOn : startOff)();
    children.push(first.child);
    const second = await (swap ? startOff : startOn)();
    children.push(second.child);
    const [off, on] = swap ? [second, first] : [first, second];
    const body = JSON.stringify({ metric: "api_requests", amount: 1 });
    const requestsFor = () => {
      let turn = 0;
      return [
        {
          method: "POST",
          path: "/api/v1/quota/check",
          headers: { authorization: `Bearer ${tenants[0].key}`, "content-type": "application/json" },
          body,
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tenants[turn++ % tenants.length].key}` } }),
        },
      ] as AcRequest[];
    };
    log("warming up both (every key once, then 5 s together)…");
    // Both sides at once, key by key: the key and tenant caches expire 60 s after they were filled, and
    // their reloads (1,000 queries) slow a side for seconds; filled together, both reload in the same
    // slices instead of at different times.
    let w = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = w++; i < tenants.length; i = w++) {
          for (const s of [off, on]) {
            const r = await fetch(`${s.url}/api/v1/quota/check`, { method: "POST", headers: { authorization: `Bearer ${tenants[i].key}`, "content-type": "application/json" }, body });
            if (r.status !== 200) throw new Error(`warm-up: ${r.status} ${await r.text()}`);
            await r.text();
          }
        }
      }),
    );
    await Promise.all([off, on].map((s) => autocannon({ url: s.url, connections, duration: 5, requests: requestsFor() })));

    log(`measuring: ${sliceCount} slices of ${sliceSeconds} s, both servers loaded at once…`);
    pgCpu = new PgCpu(postmaster, [offDb, onDb]);
    pgCpu.start(100);
    const counts = { off: 0, on: 0, bad: 0 };
    const duration = sliceCount * sliceSeconds + 2;
    const trackers = ((swap ? ["on", "off"] : ["off", "on"]) as ("off" | "on")[]).map((which) => {
      const t = autocannonTracked({ url: (which === "off" ? off : on).url, connections, duration, requests: requestsFor() });
      t.on("response", (_c, status) => {
        if (status === 200) counts[which]++;
        else counts.bad++;
      });
      return t;
    });
    const done = Promise.all(trackers);
    const slices: Slice[] = [];
    // Let both connect and reach steady state before the first slice.
    await new Promise((r) => setTimeout(r, 1000));
    let prev = { off: counts.off, on: counts.on, offCpu: cpuSeconds(off.child.pid!), onCpu: cpuSeconds(on.child.pid!), machine: machineTicks() };
    pgCpu.take();
    for (let i = 0; i < sliceCount; i++) {
      await new Promise((r) => setTimeout(r, sliceSeconds * 1000));
      const now = { off: counts.off, on: counts.on, offCpu: cpuSeconds(off.child.pid!), onCpu: cpuSeconds(on.child.pid!), machine: machineTicks() };
      const pg = pgCpu.take();
      slices.push({
        offRequests: now.off - prev.off,
        onRequests: now.on - prev.on,
        offServer: now.offCpu - prev.offCpu,
        onServer: now.onCpu - prev.onCpu,
        offPg: pg.byDatabase[offDb],
        onPg: pg.byDatabase[onDb],
        pgUnattributed: pg.unattributed,
        machineBusy: (now.machine.busy - prev.machine.busy) / (now.machine.total - prev.machine.total),
      });
      prev = now;
    }
    pgCpu.stop();
    if (process.env.BENCH_PG_CPU_DEBUG) log("PostgreSQL CPU ticks by process:", Object.fromEntries(pgCpu.byKind));
    for (const t of trackers) t.stop();
    await done;
    for (const c of children.splice(0)) await stopChild(c); // the "on" server flushes its counts
    const counted = await withClient(onUrl, "tenantry-bench-admin", async (c) =>
      Number((await c.query<{ n: string }>("SELECT coalesce(sum(value), 0) AS n FROM usage_events WHERE metric = 'api_requests'")).rows[0].n),
    );
    const block = Math.max(1, Math.ceil(FLUSH_MS / (sliceSeconds * 1000)));
    const estimates = Object.fromEntries(Object.entries(ESTIMATES).map(([k, stat]) => [k, blockBootstrap(slices, block, stat, seed)])) as Estimates;
    const perSliceRatios = slices.map((s) => costOn(s) / s.onRequests / (costOff(s) / s.offRequests) - 1);
    const totals = {
      off_requests: sum(slices, (s) => s.offRequests),
      on_requests: sum(slices, (s) => s.onRequests),
      off_server_cpu_s: round(sum(slices, (s) => s.offServer), 2),
      on_server_cpu_s: round(sum(slices, (s) => s.onServer), 2),
      off_postgres_cpu_s: round(sum(slices, (s) => s.offPg), 2),
      on_postgres_cpu_s: round(sum(slices, (s) => s.onPg), 2),
      postgres_unattributed_cpu_s: round(sum(slices, (s) => s.pgUnattributed), 2),
    };
    const fields = {
      server: db.server,
      method: METHOD,
      tenants: tenantCount,
      slices: sliceCount,
      slice_seconds: sliceSeconds,
      bootstrap_block_slices: block,
      connections_per_side: connections,
      flush_ms: FLUSH_MS,
      rollup_ms: rollup ? ROLLUP_MS : null,
      a_a_run_both_off: Boolean(process.env.BENCH_AA),
      on_side_in_first_place: swap,
      load_average_before: load_before,
      load_average_after: loadAverage(),
      machine_busy_median: round(median(slices.map((s) => s.machineBusy)), 3),
      totals,
      requests_per_second: { off: Math.round(totals.off_requests / (sliceCount * sliceSeconds)), on: Math.round(totals.on_requests / (sliceCount * sliceSeconds)) },
      cpu_ms_per_request: {
        off: round((1000 * (totals.off_server_cpu_s + totals.off_postgres_cpu_s)) / totals.off_requests, 4),
        on: round((1000 * (totals.on_server_cpu_s + totals.on_postgres_cpu_s)) / totals.on_requests, 4),
      },
      // The estimate: (CPU per request on) / (CPU per request off) − 1, server + its PostgreSQL backends.
      ...Object.fromEntries(Object.entries(estimates).map(([k, e]) => [k, pct(e)])),
      per_slice_median_cpu_overhead: round(median(perSliceRatios), 4),
      api_requests_counted_by_the_on_server: counted,
      on_requests_answered_while_measured: counts.on,
      non_2xx_or_errors: counts.bad,
      // Per slice, to recompute or plot: requests off/on, server CPU s off/on, PostgreSQL CPU s off/on/unattributed.
      per_slice: slices.map((s) => [s.offRequests, s.onRequests, round(s.offServer, 2), round(s.onServer, 2), round(s.offPg, 2), round(s.onPg, 2), round(s.pgUnattributed, 2)]),
    };
    return { fields, estimates };
  } finally {
    pgCpu?.stop();
    for (const c of children) await stopChild(c);
    await withClient(db.serverUrl, "tenantry-bench-admin", (c) => c.query(`DROP DATABASE IF EXISTS "${copyDb}" WITH (FORCE)`)).catch((e) => log(`drop ${copyDb}: ${e.message}`));
  }
}

const METHOD =
  "both servers loaded at once from one process (autocannon ×2, same connections each); own database per side on one PostgreSQL; cost = server process CPU + its database's backends' CPU (/proc); ratio of totals over slices, 95 % moving-block bootstrap (block = one flush period)";

// Two server processes of the same code differ by up to ~1.8 % in CPU per request (A/A runs), which a
// run's own interval does not cover. So by default the bench runs once in each placement ("on" second,
// then first; each on a fresh copy of the tenants' database and fresh processes) and the estimate is
// the mean of the two.
// `--placements 1` runs once, in the placement BENCH_SWAP chooses.
async function main() {
  const placements = intFlag("placements", 2);
  if (placements > 2) throw new Error(`--placements must be 1 or 2, got ${placements}`);
  const db = await openBenchDatabase("metering_overhead");
  const runs: Awaited<ReturnType<typeof measure>>[] = [];
  try {
    const tenants = await tenantsWithKeys(intFlag("tenants", 1000), ["quota:read"]);
    if (placements === 1) runs.push(await measure(db, tenants, Boolean(process.env.BENCH_SWAP), 0x5eed));
    else runs.push(await measure(db, tenants, false, 0x5eed), await measure(db, tenants, true, 0xfeed));
  } finally {
    await db.close();
  }
  const estimates = runs.length === 1 ? runs[0].estimates : (Object.fromEntries(Object.keys(ESTIMATES).map((k) => [k, meanOf(runs[0].estimates[k as keyof Estimates], runs[1].estimates[k as keyof Estimates])])) as Estimates);
  const cpu = estimates.overhead_cpu_per_request;
  report("metering-overhead", {
    method: METHOD,
    placements: runs.length,
    estimate: runs.length === 1 ? "this run" : "the mean of a run in each placement (95 % interval: the two runs' bootstrap resamples averaged pairwise)",
    ...Object.fromEntries(Object.entries(estimates).map(([k, e]) => [k, pct(e)])),
    runs: runs.map((r) => r.fields),
    target_overhead: 0.01,
    target_met: cpu.ci95[1] <= 0.01,
  });
}

runBench(main);
