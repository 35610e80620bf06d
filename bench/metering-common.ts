// What the metering benches share: tenants with keys made in bulk and a data-plane server process.
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { BENCH_ACTOR, log, round } from "./common";
import { profileArgs, startChild } from "./processes";


export const loadAverage = () => os.loadavg().map((x) => round(x, 2));

/** `n` tenants (enterprise plan: no monthly api quota, 50,000 req/s) with one key each. */
export async function tenantsWithKeys(n: number, scopes: string[]): Promise<{ id: string; key: string }[]> {
  const { createTenant } = await import("../lib/tenants/service");
  const { issueTenantKey } = await import("../lib/keys/service");
  log(`creating ${n} tenants with a key each…`);
  const out: { id: string; key: string }[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = await createTenant({ name: `Bench ${i}`, slug: `bench-${i}`, plan: "enterprise", isolation: "shared" }, BENCH_ACTOR);
        out[i] = { id: t.id, key: (await issueTenantKey(t.id, { name: "bench", scopes }, BENCH_ACTOR)).key };
      }
    }),
  );
  return out;
}

/** `root`: a checkout whose data plane to run instead of this one (a baseline to compare with). */
export async function startDataPlaneProcess(env: NodeJS.ProcessEnv, root = path.resolve(".")): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx` (not the tsx CLI, which would run it in a grandchild).
  const { child, match } = await startChild([...profileArgs(), "--import", "tsx", path.join(root, "bench/dataplane-server.ts")], env, /LISTENING (\d+)/, root);
  return { child, url: `http://127.0.0.1:${match[1]}` };
}

