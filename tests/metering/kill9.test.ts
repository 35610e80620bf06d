// kill -9 in the middle of sustained ingest loses no event that got a 202: a REAL data-plane server
// process (tests/metering/child-server.ts) takes concurrent batches with unique idempotency keys, is
// SIGKILLed mid-stream, and every key it acknowledged must be in usage_events (once).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { sql } from "../setup/db";
import { tenantWithKey } from "../dataplane/helpers";

const root = path.resolve(__dirname, "../..");
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function startChild(): Promise<{ port: number; proc: ChildProcess }> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL of
  // the CLI would leave running.
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "child-server.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 60_000);
    proc.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), proc });
      }
    });
    proc.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    proc.once("exit", (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
}

describe("kill -9 during sustained ingest", () => {
  it("keeps every event that got a 202", async () => {
    const tenants = await Promise.all(Array.from({ length: 8 }, () => tenantWithKey({ quotas: { requests_per_second: null, api_requests_per_month: null } })));
    const { port, proc } = await startChild();
    const base = `http://127.0.0.1:${port}`;
    const acked: string[] = [];
    let unanswered = 0;
    let refused = 0;
    const BATCH = 50;

    const loop = async (w: number) => {
      // Until the server is gone: requests in flight at the kill are cut off, never acknowledged.
      for (let i = 0; ; i++) {
        const t = tenants[(w + i) % tenants.length];
        const keys = Array.from({ length: BATCH }, (_, j) => `${t.tenantId}:${w}:${i}:${j}`);
        try {
          const res = await fetch(`${base}/api/v1/usage`, {
            method: "POST",
            headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
            body: JSON.stringify({ events: keys.map((k) => ({ metric: "write_ops", value: 1, idempotency_key: k })) }),
          });
          await res.text();
          if (res.status === 202) acked.push(...keys);
          else refused++;
        } catch {
          unanswered++; // the connection died with the server: not acknowledged
          return;
        }
      }
    };
    const loops = Array.from({ length: 16 }, (_, w) => loop(w));
    // Sustained: kill once the server has acknowledged plenty and is still mid-stream.
    const start = Date.now();
    while (acked.length < 20_000 && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 50));
    const ackedAtKill = acked.length;
    proc.kill("SIGKILL");
    await Promise.all(loops);
    await new Promise((r) => (proc.exitCode === null && proc.signalCode === null ? proc.once("exit", r) : r(null)));
    expect(proc.signalCode).toBe("SIGKILL");

    const stored = await sql<{ idempotency_key: string }>("SELECT idempotency_key FROM usage_events WHERE tenant_id = ANY($1) AND metric = 'write_ops'", [
      tenants.map((t) => t.tenantId),
    ]);
    const have = new Set(stored.map((r) => r.idempotency_key));
    const lost = acked.filter((k) => !have.has(k));
    console.log(
      `[kill -9] acknowledged ${acked.length} events (${ackedAtKill} when the kill was sent) in ${Date.now() - start} ms; ` +
        `${stored.length} stored; ${stored.length - acked.length} stored but never acknowledged (committed as the process died); ` +
        `${unanswered} requests cut off; ${refused} refused; lost: ${lost.length}`,
    );
    expect(refused).toBe(0);
    expect(acked.length).toBeGreaterThan(1000);
    expect(lost).toEqual([]);
    expect(have.size).toBe(stored.length); // and nothing twice
  }, 120_000);
});
