// What automatic metering (api_requests + egress_bytes counted per data-plane request, flushed in
// batches) costs on data-plane throughput: two data-plane server processes on the same fresh database,
// one with TENANTRY_AUTO_METERING=off, one on (the default); autocannon POST /api/v1/quota/check
// round-robin over N tenants' keys, alternating rounds so both see the same machine. As in production,
// the rollup job runs every 5 s meanwhile (without it the "on" server's refreshes would re-read an
// ever-growing raw tail that production never has). Reports the medians, the median of the per-pair
// ratios (each "on" round against the "off" round beside it, which cancels the machine's drift), each
// server's requests per CPU second, and the overhead (1 − on/off). BENCH_NO_ROLLUP=1 leaves the rollup
// out (to see what it adds).
// `tsx bench/metering-overhead.ts [--tenants 1000] [--seconds 4] [--rounds 12] [--connections 32]`
import type { ChildProcess } from "node:child_process";
import { intFlag, log, openBenchDatabase, report, round, runBench } from "./common";
import { autocannon, cpuSeconds, median, type AcRequest } from "./load";
import { loadAverage, startDataPlaneProcess, tenantsWithKeys } from "./metering-common";
import { stopChild } from "./processes";


async function main() {
  const tenantCount = intFlag("tenants", 1000);
  const seconds = intFlag("seconds", 4);
  const rounds = intFlag("rounds", 12);
  const connections = intFlag("connections", 32);
  const load_before = loadAverage();
  const db = await openBenchDatabase("metering_overhead");
  const children: ChildProcess[] = [];
  try {
    const tenants = await tenantsWithKeys(tenantCount, ["quota:read"]);
    const off = await startDataPlaneProcess({ ...process.env, DATABASE_URL: db.url, TENANTRY_AUTO_METERING: "off" });
    children.push(off.child);
    const on = await startDataPlaneProcess({ ...process.env, DATABASE_URL: db.url, TENANTRY_AUTO_METERING: "on" });
    children.push(on.child);
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
    log("warming up both (every key once, then 3 s each)…");
    for (const s of [off, on]) {
      let w = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = w++; i < tenants.length; i = w++) {
            const r = await fetch(`${s.url}/api/v1/quota/check`, { method: "POST", headers: { authorization: `Bearer ${tenants[i].key}`, "content-type": "application/json" }, body });
            if (r.status !== 200) throw new Error(`warm-up: ${r.status} ${await r.text()}`);
            await r.text();
          }
        }),
      );
      await autocannon({ url: s.url, connections, duration: 3, requests: requestsFor() });
    }
    const { runRollup } = await import("../lib/metering/rollup");
    let rolling: Promise<unknown> | undefined;
    const rollupTimer = setInterval(() => {
      if (process.env.BENCH_NO_ROLLUP) return;
      rolling ??= runRollup()
        .catch((e) => log(`rollup failed: ${e.message}`))
        .finally(() => (rolling = undefined));
    }, 5_000);
    const result = { off: [] as number[], on: [] as number[], offP99: [] as number[], onP99: [] as number[], offCpu: 0, onCpu: 0, offTotal: 0, onTotal: 0, non2xx: 0 };
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so neither always follows the other.
      const order = r % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const);
      for (const which of order) {
        const s = which === "off" ? off : on;
        log(`round ${r + 1}/${rounds}: metering ${which}, ${seconds}s…`);
        const c0 = cpuSeconds(s.child.pid!);
        const ac = await autocannon({ url: s.url, connections, duration: seconds, requests: requestsFor() });
        const cpu = cpuSeconds(s.child.pid!) - c0;
        result[which].push(Math.round(ac.requests.average));
        result[which === "off" ? "offP99" : "onP99"].push(ac.latency.p99);
        result[which === "off" ? "offCpu" : "onCpu"] += cpu;
        result[which === "off" ? "offTotal" : "onTotal"] += ac.requests.total;
        result.non2xx += ac.non2xx + ac.errors;
      }
    }
    clearInterval(rollupTimer);
    await rolling;
    for (const c of children.splice(0)) await stopChild(c); // the "on" server flushes its counts
    const { pool } = await import("../lib/db/pool");
    const { rows: [counted] } = await pool().query<{ n: string }>("SELECT coalesce(sum(value), 0) AS n FROM usage_events WHERE metric = 'api_requests'");
    const offRps = median(result.off);
    const onRps = median(result.on);
    const offPerCpu = result.offTotal / result.offCpu;
    const onPerCpu = result.onTotal / result.onCpu;
    report("metering-overhead", {
      server: db.server,
      tenants: tenantCount,
      seconds_per_round: seconds,
      rounds,
      connections,
      load_average_before: load_before,
      load_average_after: loadAverage(),
      metering_off: { requests_per_second: offRps, p99_ms: median(result.offP99), requests_per_server_cpu_second: Math.round(offPerCpu), rounds: result.off },
      metering_on: { requests_per_second: onRps, p99_ms: median(result.onP99), requests_per_server_cpu_second: Math.round(onPerCpu), rounds: result.on },
      overhead_throughput: round(1 - onRps / offRps, 4),
      // Round r's two sides ran back to back; their ratio is free of the drift between rounds.
      overhead_throughput_paired_median: round(1 - median(result.on.map((x, i) => x / result.off[i])), 4),
      overhead_cpu_per_request: round(1 - onPerCpu / offPerCpu, 4),
      api_requests_counted_by_the_on_server: Number(counted.n),
      non_2xx_or_errors: result.non2xx,
      target_overhead: 0.01,
    });
  } finally {
    for (const c of children) await stopChild(c);
    await db.close();
  }
}

runBench(main);
