// The data plane over HTTP against the production server (`scripts/start.ts`, i.e. `npm start`: the
// custom server with the fast path, built Next behind it) on a fresh database with N tenants and one
// key each: autocannon `POST /api/v1/quota/check` round-robin over the keys. In the same run, with the
// same autocannon settings, a plain node:http handler that answers 200 doing nothing, for the ratio.
// `tsx bench/dataplane-http.ts [--tenants 1000] [--seconds 10] [--connections 32]` prints one JSON
// object. The app listens on BENCH_APP_PORT (default 3105).
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { BENCH_ACTOR, intFlag, log, openBenchDatabase, report, round } from "./common";

const appPort = Number(process.env.BENCH_APP_PORT || 3105);

// autocannon ships no types; the little of its API used here.
interface AcRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: Record<string, unknown>) => Promise<AcResult>;

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve({ child, match: m });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => process.stderr.write(`[server] ${d}`));
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

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
  const seconds = intFlag("seconds", 10);
  const connections = intFlag("connections", 32);
  const db = await openBenchDatabase("dataplane_http");
  const children: ChildProcess[] = [];
  try {
    const { createTenant } = await import("../lib/tenants/service");
    const { issueTenantKey } = await import("../lib/keys/service");
    log(`creating ${tenants} tenants with a key each…`);
    const keys: string[] = new Array(tenants);
    let next = 0;
    // Enterprise: unlimited monthly quotas and 50,000 requests/s each, so the bench measures the path,
    // not the limiter saying no.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = next++; i < tenants; i = next++) {
          const t = await createTenant({ name: `Bench ${i}`, slug: `bench-${i}`, plan: "enterprise", isolation: "shared" }, BENCH_ACTOR);
          keys[i] = (await issueTenantKey(t.id, { name: "bench", scopes: ["quota:read"] }, BENCH_ACTOR)).key;
        }
      }),
    );

    log("starting the production server (builds Next first if the sources changed)…");
    const env = { ...process.env, PORT: String(appPort), DATABASE_URL: db.url, TENANTRY_SEED: "false", NEXT_TELEMETRY_DISABLED: "1", TENANTRY_RATE_LIMIT_STORE: "memory" };
    const app = await startChild([path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], env, /Tenantry is running at/);
    children.push(app.child);
    const plain = await startChild(
      ["-e", "const s=require('node:http').createServer((q,r)=>{r.writeHead(200);r.end()});s.keepAliveTimeout=65000;s.listen(0,'127.0.0.1',()=>console.log('listening '+s.address().port))"],
      process.env,
      /listening (\d+)/,
    );
    children.push(plain.child);
    const plainUrl = `http://127.0.0.1:${plain.match[1]}`;
    const appUrl = `http://127.0.0.1:${appPort}`;

    const requests: AcRequest[] = keys.map((k) => ({
      method: "POST",
      path: "/api/v1/quota/check",
      headers: { authorization: `Bearer ${k}`, "content-type": "application/json" },
      body: JSON.stringify({ metric: "api_requests", amount: 1 }),
    }));
    const probe = await fetch(`${appUrl}/api/v1/quota/check`, { method: "POST", headers: requests[0].headers, body: requests[0].body });
    if (probe.status !== 200) throw new Error(`probe: ${probe.status} ${await probe.text()}`);

    log("warming up (every tenant's key, limits and usage into memory; JIT)…");
    await load(appUrl, { seconds: 3, connections, requests });
    await load(plainUrl, { seconds: 2, connections });
    log(`measuring the plain node handler for ${seconds}s…`);
    const plainResult = await load(plainUrl, { seconds, connections });
    log(`measuring POST /api/v1/quota/check for ${seconds}s…`);
    const dataPlane = await load(appUrl, { seconds, connections, requests });
    report("dataplane-http", {
      server: db.server,
      tenants,
      seconds,
      connections,
      cpus: os.cpus().length,
      load_average_1m: round(os.loadavg()[0], 2),
      data_plane: dataPlane,
      plain_node: plainResult,
      ratio: round(dataPlane.requests_per_second / plainResult.requests_per_second, 3),
      targets: { requests_per_second: 10_000, p99_ms: 10, ratio: 0.5 },
    });
  } finally {
    for (const c of children) await stopChild(c);
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
