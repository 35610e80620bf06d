// In-process key verification + rate-limit decision on a warm cache — what the data plane does for
// every request before any handler runs: checksum + SHA-256 + cache lookup of the key, the tenant's
// limits from memory, one point from the tenant's rate window (memory store). Single-threaded.
// `tsx bench/keys-verify.ts [--tenants N] [--count N]` prints one JSON object.
import os from "node:os";
import { BENCH_ACTOR, intFlag, log, openBenchDatabase, percentile, report, round, runBench } from "./common";

async function main() {
  const tenants = intFlag("tenants", 200);
  const count = intFlag("count", 500_000);
  const db = await openBenchDatabase("keys_verify");
  try {
    const { createTenant } = await import("../lib/tenants/service");
    const { issueTenantKey } = await import("../lib/keys/service");
    const { verifyCached, verifyKey } = await import("../lib/keys/verify");
    const { loadTenantLimits, tenantLimitsCached } = await import("../lib/quotas/tenant-limits");
    const { consumeRate, useRateLimitStore } = await import("../lib/quotas/rate-limit");
    useRateLimitStore("memory");

    log(`creating ${tenants} tenants with a key each…`);
    const secrets: string[] = [];
    for (let i = 0; i < tenants; i++) {
      const t = await createTenant({ name: `Bench ${i}`, slug: `bench-${i}`, plan: "enterprise", isolation: "shared" }, BENCH_ACTOR);
      secrets.push((await issueTenantKey(t.id, { name: "bench" }, BENCH_ACTOR)).key);
    }
    for (const s of secrets) {
      const k = await verifyKey(s);
      await loadTenantLimits(k.tenantId!);
    }

    const decide = async (secret: string) => {
      const k = verifyCached(secret);
      if (!k) throw new Error("cold cache");
      const t = tenantLimitsCached(k.tenantId!);
      if (!t) throw new Error("cold tenant cache");
      const d = await consumeRate(t.id, t.quotas.requests_per_second!);
      if (!d.allowed) throw new Error("rate-limited: the bench must not throttle");
    };

    // Warm-up (JIT), then the measured run.
    for (let i = 0; i < 50_000; i++) await decide(secrets[i % tenants]);
    log(`measuring ${count} decisions…`);
    const samples = new Float64Array(count);
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      await decide(secrets[i % tenants]);
      samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const all = Array.from(samples);
    report("keys-verify", {
      server: db.server,
      tenants,
      decisions: count,
      decisions_per_second: Math.round(count / seconds),
      // On a shared, loaded machine wall time includes time the process waited for a core; per CPU
      // second is what one core does.
      decisions_per_cpu_second: Math.round(count / cpuSeconds),
      load_average_1m: round(os.loadavg()[0], 2),
      p50_us: round(percentile(all, 50), 2),
      p99_us: round(percentile(all, 99), 2),
      p999_us: round(percentile(all, 99.9), 2),
      max_us: round(Math.max(...all.slice(0, 100_000)), 1),
      targets: { p99_us: 50, decisions_per_second: 200_000 },
    });
  } finally {
    await db.close();
  }
}

runBench(main);
