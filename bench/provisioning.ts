// Provisioning cost: N sequential createTenant calls through lib/ (schema tier: row, schema, template
// tables, audit entry), each timed end to end. Flat cost as tenants pile up is the point: the catalog
// grows ~30 relations per tenant, so the first 50 are compared with the last 50.
//   tsx bench/provisioning.ts [--count 200]
import { BENCH_ACTOR, intFlag, log, mean, openBenchDatabase, percentile, report, round } from "./common";

const TARGETS = { p50_ms: 100, p95_ms: 250, last_vs_first_ratio: 1.5 };

async function main() {
  const count = intFlag("count", 200);
  const database = await openBenchDatabase("provisioning");
  try {
    const { createTenant } = await import("../lib/tenants/service");
    // One untimed call loads Prisma's engine and warms the pool, which is not a per-tenant cost.
    await createTenant({ name: "Warm-up", slug: "warm-up" }, BENCH_ACTOR);
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      const tenant = await createTenant({ name: `Bench ${i}`, slug: `bench-${i}`, plan: "pro", isolation: "schema" }, BENCH_ACTOR);
      samples.push(performance.now() - t);
      if (tenant.status !== "active") throw new Error(`tenant ${tenant.id} is ${tenant.status}: ${tenant.provisioning_error}`);
      if ((i + 1) % 50 === 0) log(`provisioned ${i + 1}/${count}`);
    }
    const window = Math.min(50, Math.floor(count / 2));
    const first = percentile(samples.slice(0, window), 50);
    const last = percentile(samples.slice(-window), 50);
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const ratio = last / first;
    report("provisioning", {
      server: database.server,
      tier: "schema",
      tenants: count,
      warmup_calls_excluded: 1,
      p50_ms: round(p50),
      p95_ms: round(p95),
      p99_ms: round(percentile(samples, 99)),
      mean_ms: round(mean(samples)),
      max_ms: round(Math.max(...samples)),
      window,
      first_window_p50_ms: round(first),
      last_window_p50_ms: round(last),
      last_vs_first_ratio: round(ratio, 3),
      targets: TARGETS,
      targets_met: {
        p50: p50 <= TARGETS.p50_ms,
        p95: p95 <= TARGETS.p95_ms,
        ratio: ratio <= TARGETS.last_vs_first_ratio,
      },
    });
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
