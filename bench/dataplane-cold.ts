// A data plane's cache misses under load: a fresh data-plane process (bench/dataplane-server.ts, empty
// caches, as after a deploy or restart) on N tenants with one key each, driven at once by autocannon
// `POST /api/v1/quota/check` round-robin over the keys. Measures
// - cold start: the time until every tenant has been answered 200 once, and the requests/s in each of
//   the first seconds;
// - then steady state past the caches' 60 s TTL: consecutive rounds, each with its time since the
//   process started, so an expiry storm (every entry loaded in the first seconds expiring together and
//   being reloaded on the request path) shows as a slow round around the 60–75 s mark.
// `--baseline <dir>`: in the same run, the same measurements on the data plane of another checkout
// (e.g. main's code: `git archive main | tar -x -C /tmp/base`, with node_modules and lib/generated
// linked or copied in), on the same database; the two alternate (`--repeat N` pairs).
// `tsx bench/dataplane-cold.ts [--tenants 1000] [--connections 32] [--cold-seconds 20] [--rounds 12]
// [--seconds 5] [--repeat 1] [--baseline DIR]` prints one JSON object.
import os from "node:os";
import path from "node:path";
import { intFlag, log, openBenchDatabase, report, round, runBench, stringFlag } from "./common";
import { autocannon, treeCpuSeconds, type AcRequest } from "./load";
import { loadAverage, startDataPlaneProcess, tenantsWithKeys } from "./metering-common";
import { stopChild } from "./processes";

interface ColdResult {
  code: string;
  load_average_at_start: number[];
  /** ms from the first request until every tenant had one 200; null if not within the cold phase */
  all_tenants_served_ms: number | null;
  /** ms until half the tenants had one 200 */
  half_tenants_served_ms: number | null;
  tenants_served: number;
  /** 2xx answers in each second of the cold phase */
  ok_per_second: number[];
  cold_phase: { requests_per_second: number; p50_ms: number; p99_ms: number; max_ms: number; non_2xx: number; errors: number; server_cpu_s: number; db_transactions: number };
  /**
   * Consecutive rounds after the cold phase; `at_s`: seconds since the first request when the round
   * began; `db_transactions`: committed in the bench database during the round (every read on the
   * pool is one; the background flushes add a few per 10 s) — what shows an expiry storm whatever
   * the machine's load does to the requests/s.
   */
  steady: { at_s: number; rps: number; p50_ms: number; p99_ms: number; max_ms: number; non_2xx: number; db_transactions: number }[];
}

/** Transactions committed in this database so far (PostgreSQL's cumulative statistics, flushed about every second). */
async function dbTransactions(): Promise<number> {
  const { pool } = await import("../lib/db/pool");
  const r = await pool().query<{ n: string }>("SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()");
  return Number(r.rows[0].n);
}

/** Waits out the statistics' flush delay, then reads the count. */
async function settledTransactions(): Promise<number> {
  await new Promise((r) => setTimeout(r, 1100));
  return dbTransactions();
}

async function measure(code: string, root: string, env: NodeJS.ProcessEnv, keys: string[], o: { connections: number; coldSeconds: number; rounds: number; seconds: number }): Promise<ColdResult> {
  const dp = await startDataPlaneProcess(env, root);
  try {
    const body = JSON.stringify({ metric: "api_requests", amount: 1 });
    const firstOk = new Array<number | undefined>(keys.length);
    let served = 0;
    let allAt: number | null = null;
    let halfAt: number | null = null;
    const okPerSecond: number[] = [];
    let turn = 0;
    let t0 = 0;
    // setupRequest hands out the keys round-robin across every connection; the context remembers which
    // key a connection's outstanding request carries (pipelining 1), so onResponse can credit it.
    const requests: AcRequest[] = [
      {
        method: "POST",
        path: "/api/v1/quota/check",
        headers: { authorization: `Bearer ${keys[0]}`, "content-type": "application/json" },
        body,
        setupRequest: (req, context) => {
          const i = turn++ % keys.length;
          context.i = i;
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${keys[i]}` } };
        },
        onResponse: (status, _body, context) => {
          if (status !== 200) return;
          const at = Date.now() - t0;
          const sec = Math.floor(at / 1000);
          okPerSecond[sec] = (okPerSecond[sec] ?? 0) + 1;
          const i = context.i as number;
          if (firstOk[i] === undefined) {
            firstOk[i] = at;
            served++;
            if (served === Math.ceil(keys.length / 2)) halfAt = at;
            if (served === keys.length) allAt = at;
          }
        },
      },
    ];
    const load_average_at_start = loadAverage();
    log(`${code}: cold phase, ${o.coldSeconds}s…`);
    const cpu0 = treeCpuSeconds(dp.child.pid!);
    let x0 = await settledTransactions();
    t0 = Date.now();
    const cold = await autocannon({ url: dp.url, connections: o.connections, duration: o.coldSeconds, pipelining: 1, requests });
    const coldCpu = treeCpuSeconds(dp.child.pid!) - cpu0;
    // Not settled (that would leave a second without load between rounds): each round's count is
    // shifted by up to a second of the statistics' flush delay, which does not hide a storm.
    let x1 = await dbTransactions();
    const coldXacts = x1 - x0;
    const steady: ColdResult["steady"] = [];
    for (let r = 0; r < o.rounds; r++) {
      const at = round((Date.now() - t0) / 1000, 1);
      const x = await autocannon({ url: dp.url, connections: o.connections, duration: o.seconds, pipelining: 1, requests });
      x0 = x1;
      x1 = await dbTransactions();
      steady.push({ at_s: at, rps: Math.round(x.requests.average), p50_ms: x.latency.p50, p99_ms: x.latency.p99, max_ms: x.latency.max, non_2xx: x.non2xx, db_transactions: x1 - x0 });
      log(`${code}: round at ${at}s: ${Math.round(x.requests.average)} req/s, p99 ${x.latency.p99} ms, ${x1 - x0} transactions`);
    }
    return {
      code,
      load_average_at_start,
      all_tenants_served_ms: allAt,
      half_tenants_served_ms: halfAt,
      tenants_served: served,
      ok_per_second: Array.from({ length: o.coldSeconds }, (_, i) => okPerSecond[i] ?? 0),
      cold_phase: {
        requests_per_second: Math.round(cold.requests.average),
        p50_ms: cold.latency.p50,
        p99_ms: cold.latency.p99,
        max_ms: cold.latency.max,
        non_2xx: cold.non2xx,
        errors: cold.errors + cold.timeouts,
        server_cpu_s: round(coldCpu, 2),
        db_transactions: coldXacts,
      },
      steady,
    };
  } finally {
    await stopChild(dp.child);
  }
}

async function main() {
  const tenants = intFlag("tenants", 1000);
  const connections = intFlag("connections", 32);
  const coldSeconds = intFlag("cold-seconds", 20);
  const rounds = intFlag("rounds", 12);
  const seconds = intFlag("seconds", 5);
  const repeat = intFlag("repeat", 1);
  const baseline = stringFlag("baseline");
  const db = await openBenchDatabase("dataplane_cold");
  try {
    const keys = (await tenantsWithKeys(tenants, ["quota:read"])).map((t) => t.key);
    const env = { ...process.env, DATABASE_URL: db.url, NEXT_TELEMETRY_DISABLED: "1", TENANTRY_RATE_LIMIT_STORE: "memory" };
    const o = { connections, coldSeconds, rounds, seconds };
    const runs: ColdResult[] = [];
    for (let i = 0; i < repeat; i++) {
      // Baseline first in the first pair: the database's own caches are coldest for the first process.
      if (baseline) runs.push(await measure("baseline", path.resolve(baseline), env, keys, o));
      runs.push(await measure("this", path.resolve("."), env, keys, o));
    }
    report("dataplane-cold", {
      server: db.server,
      tenants,
      connections,
      cold_seconds: coldSeconds,
      seconds_per_round: seconds,
      cpus: os.cpus().length,
      load_average_1m: round(os.loadavg()[0], 2),
      baseline: baseline ?? null,
      runs,
    });
  } finally {
    await db.close();
  }
}

runBench(main);
