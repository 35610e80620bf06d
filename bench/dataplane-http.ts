// The data plane over HTTP against the production server (`scripts/start.ts`, i.e. `npm start`: the
// custom server with the fast path, built Next behind it) on a fresh database with N tenants and one
// key each: autocannon `POST /api/v1/quota/check`, each connection cycling through all the keys. In the same run, with the
// same autocannon settings, a plain node:http handler that answers 200 doing nothing, for the ratio,
// and two more for reading the figures: the same handlers in a process without Next (what sharing the
// process with Next costs), and a plain handler that reads, parses and answers a request of the same
// shape doing no work (what Node itself costs for this endpoint, the floor of any implementation).
// `tsx bench/dataplane-http.ts [--tenants 1000] [--seconds 5] [--rounds 3] [--connections 32]` prints
// one JSON object: medians over alternating rounds, and each server's requests per CPU second. The app
// listens on BENCH_APP_PORT (default 3105).
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import { intFlag, log, openBenchDatabase, report, round, runBench } from "./common";
import { startApp, startChild, stopChild } from "./processes";
import { autocannon, median, treeCpuSeconds, type AcRequest } from "./load";
import { startDataPlaneProcess, tenantsWithKeys } from "./metering-common";

const appPort = Number(process.env.BENCH_APP_PORT || 3105);


async function load(url: string, opts: { seconds: number; connections: number; requests?: AcRequest[] }) {
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    pipelining: 1,
    ...(opts.requests ? { requests: opts.requests } : {}),
  });
  return {
    requests_per_second: Math.round(r.requests.average),
    total: r.requests.total,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    max_ms: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non_2xx: r.non2xx,
  };
}

async function main() {
  const tenants = intFlag("tenants", 1000);
  const seconds = intFlag("seconds", 5);
  const rounds = intFlag("rounds", 3);
  const connections = intFlag("connections", 32);
  const db = await openBenchDatabase("dataplane_http");
  const children: ChildProcess[] = [];
  try {
    // Enterprise: unlimited monthly quotas and 50,000 requests/s each, so the bench measures the path,
    // not the limiter saying no.
    const keys = (await tenantsWithKeys(tenants, ["quota:read"])).map((t) => t.key);

    log("starting the production server (builds Next first if the sources changed)…");
    const env = { ...process.env, PORT: String(appPort), DATABASE_URL: db.url, TENANTRY_SEED: "false", NEXT_TELEMETRY_DISABLED: "1", TENANTRY_RATE_LIMIT_STORE: "memory" };
    const app = await startApp(env);
    children.push(app);
    const plain = await startChild(
      ["-e", "const s=require('node:http').createServer((q,r)=>{r.writeHead(200);r.end()});s.keepAliveTimeout=65000;s.listen(0,'127.0.0.1',()=>console.log('listening '+s.address().port))"],
      process.env,
      /listening (\d+)/,
    );
    children.push(plain.child);
    const plainUrl = `http://127.0.0.1:${plain.match[1]}`;
    // What Node alone costs for this request's shape (a POST body read and parsed, the same headers and
    // a JSON answer of the same size), with no work: the floor any handler of this endpoint stands on.
    const shaped = await startChild(
      [
        "-e",
        `const s=require('node:http').createServer((q,r)=>{const c=[];q.on('data',x=>c.push(x));q.on('end',()=>{JSON.parse(Buffer.concat(c).toString());` +
          `const t=JSON.stringify({allowed:true,remaining:null,reset_at:new Date().toISOString()});` +
          `r.writeHead(200,{'content-type':'application/json','cache-control':'no-store','content-length':String(Buffer.byteLength(t)),'ratelimit-limit':'50000','ratelimit-remaining':'49999','ratelimit-reset':'1'});r.end(t)})});` +
          `s.keepAliveTimeout=65000;s.listen(0,'127.0.0.1',()=>console.log('listening '+s.address().port))`,
      ],
      process.env,
      /listening (\d+)/,
    );
    children.push(shaped.child);
    const shapedUrl = `http://127.0.0.1:${shaped.match[1]}`;
    // The same handlers in a process without Next (server.ts startDataPlaneServer): what having Next in
    // the process costs the fast path.
    const alone = await startDataPlaneProcess(env);
    children.push(alone.child);
    const appUrl = `http://127.0.0.1:${appPort}`;

    // One request per key: each autocannon connection cycles through all the keys, so the load spreads
    // over every tenant. (A single template with `setupRequest` handing out keys round-robin, as this
    // bench used before, makes autocannon rebuild the request's bytes for every request: load-tool CPU
    // on the same two cores as the server, which cut the measured throughput of both the data plane and
    // the same-shape floor. A plain array has each request built once.)
    const body = JSON.stringify({ metric: "api_requests", amount: 1 });
    const requests: AcRequest[] = keys.map((key) => ({
      method: "POST",
      path: "/api/v1/quota/check",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    }));
    const probe = await fetch(`${appUrl}/api/v1/quota/check`, { method: "POST", headers: requests[0].headers, body });
    if (probe.status !== 200) throw new Error(`probe: ${probe.status} ${await probe.text()}`);
    // Every key once on both servers, so the measured rounds run on warm caches (keys, tenant limits,
    // period usage): with 1,000 keys round-robin, a cold server would spend a whole round loading.
    for (const url of [appUrl, alone.url]) {
      let w = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = w++; i < keys.length; i = w++) {
            const r = await fetch(`${url}/api/v1/quota/check`, { method: "POST", headers: { authorization: `Bearer ${keys[i]}`, "content-type": "application/json" }, body });
            if (r.status !== 200) throw new Error(`warm-up: ${r.status} ${await r.text()}`);
          }
        }),
      );
    }

    log("warming up (every tenant's key, limits and usage into memory; JIT)…");
    await load(appUrl, { seconds: 3, connections, requests });
    await load(plainUrl, { seconds: 2, connections });
    await load(alone.url, { seconds: 3, connections, requests });
    await load(shapedUrl, { seconds: 2, connections, requests });
    // Alternating rounds, so both targets see the same (shared, possibly busy) machine; each server's
    // CPU per request is measured too, which load on other processes does not change much.
    type Round = Awaited<ReturnType<typeof load>>;
    const plainRounds: Round[] = [];
    const dpRounds: Round[] = [];
    const aloneRounds: Round[] = [];
    const shapedRounds: Round[] = [];
    let shapedCpu = 0;
    let plainCpu = 0;
    let dpCpu = 0;
    let aloneCpu = 0;
    for (let r = 0; r < rounds; r++) {
      log(`round ${r + 1}/${rounds}: plain node handler, then POST /api/v1/quota/check on the app, then on the data plane alone, then a plain handler of the same request shape, ${seconds}s each…`);
      let c0 = treeCpuSeconds(plain.child.pid!);
      plainRounds.push(await load(plainUrl, { seconds, connections }));
      plainCpu += treeCpuSeconds(plain.child.pid!) - c0;
      c0 = treeCpuSeconds(app.pid!);
      dpRounds.push(await load(appUrl, { seconds, connections, requests }));
      dpCpu += treeCpuSeconds(app.pid!) - c0;
      c0 = treeCpuSeconds(alone.child.pid!);
      aloneRounds.push(await load(alone.url, { seconds, connections, requests }));
      aloneCpu += treeCpuSeconds(alone.child.pid!) - c0;
      c0 = treeCpuSeconds(shaped.child.pid!);
      shapedRounds.push(await load(shapedUrl, { seconds, connections, requests }));
      shapedCpu += treeCpuSeconds(shaped.child.pid!) - c0;
    }
    const summary = (rs: Round[], cpu: number) => {
      const total = rs.reduce((a, x) => a + x.total, 0);
      return {
        requests_per_second: median(rs.map((x) => x.requests_per_second)),
        p50_ms: median(rs.map((x) => x.p50_ms)),
        p99_ms: median(rs.map((x) => x.p99_ms)),
        errors: rs.reduce((a, x) => a + x.errors + x.timeouts, 0),
        non_2xx: rs.reduce((a, x) => a + x.non_2xx, 0),
        requests_per_server_cpu_second: Math.round(total / cpu),
        rounds: rs.map((x) => ({ rps: x.requests_per_second, p50_ms: x.p50_ms, p99_ms: x.p99_ms })),
      };
    };
    const dataPlane = summary(dpRounds, dpCpu);
    const plainResult = summary(plainRounds, plainCpu);
    report("dataplane-http", {
      server: db.server,
      tenants,
      seconds_per_round: seconds,
      rounds,
      connections,
      cpus: os.cpus().length,
      load_average_1m: round(os.loadavg()[0], 2),
      data_plane: dataPlane,
      plain_node: plainResult,
      data_plane_without_next: summary(aloneRounds, aloneCpu),
      plain_node_same_request_shape: summary(shapedRounds, shapedCpu),
      ratio: round(dataPlane.requests_per_second / plainResult.requests_per_second, 3),
      cpu_cost_ratio: round(dataPlane.requests_per_server_cpu_second / plainResult.requests_per_server_cpu_second, 3),
      targets: { requests_per_second: 10_000, p99_ms: 10, ratio: 0.5 },
    });
  } finally {
    for (const c of children) await stopChild(c);
    await db.close();
  }
}

runBench(main);
