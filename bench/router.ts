// The tenant data router under load: many schema-tier tenants queried round-robin through
// tenantDb(id), against a baseline of the same query on ONE plain Prisma tenant client. Reports
// throughput, the most connections the app held (pg_stat_activity, polled on a separate connection),
// and RSS growth. Thousands of tenants must not mean thousands of pools, nor unbounded memory.
//   tsx bench/router.ts [--tenants 1000] [--seconds 20] [--concurrency 8]
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { BENCH_ACTOR, intFlag, log, openBenchDatabase, percentile, report, round, rssMb } from "./common";

const TARGETS = { max_connections: 10, rss_growth_mb: 150, throughput_vs_baseline: 0.5 };

type Query = () => Promise<unknown>;

/** Runs `next()`'s query with `concurrency` in flight for `seconds`; returns throughput and latency. */
async function drive(seconds: number, concurrency: number, next: () => Query) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const q = next();
        const t = performance.now();
        try {
          await q();
          latencies.push(performance.now() - t);
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? e.message : String(e);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    queries: latencies.length,
    errors,
    first_error: firstError,
    qps: round(latencies.length / elapsed, 1),
    p50_ms: round(percentile(latencies, 50), 3),
    p99_ms: round(percentile(latencies, 99), 3),
  };
}

/** Polls the app's connections (application_name 'tenantry') from its own connection. */
function watchConnections(serverUrl: string, database: string) {
  const c = new pg.Client({ connectionString: serverUrl, application_name: "tenantry-bench-monitor" });
  let max = 0;
  let samples = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    async start() {
      await c.connect();
      const poll = async () => {
        const r = await c.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where application_name = 'tenantry' and datname = $1",
          [database],
        );
        max = Math.max(max, r.rows[0].n);
        samples++;
        timer = setTimeout(() => void poll().catch(() => {}), 100);
      };
      await poll();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      await c.end().catch(() => {});
      return { max, samples };
    },
  };
}

async function provisionMany(n: number, concurrency: number): Promise<string[]> {
  const { createTenant } = await import("../lib/tenants/service");
  const ids: string[] = new Array(n);
  let nextIndex = 0;
  let done = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = nextIndex++;
        if (i >= n) return;
        const tenant = await createTenant({ name: `Router ${i}`, slug: `router-${i}`, isolation: "schema" }, BENCH_ACTOR);
        if (tenant.status !== "active") throw new Error(`tenant ${tenant.id} is ${tenant.status}: ${tenant.provisioning_error}`);
        ids[i] = tenant.id;
        if (++done % 100 === 0) log(`provisioned ${done}/${n}`);
      }
    }),
  );
  log(`provisioned ${n} tenants in ${((performance.now() - t) / 1000).toFixed(1)}s`);
  return ids;
}

async function main() {
  const tenants = intFlag("tenants", 1000);
  const seconds = intFlag("seconds", 20);
  const concurrency = intFlag("concurrency", 8);
  const database = await openBenchDatabase("router");
  try {
    const ids = await provisionMany(tenants, 4);
    const { db } = await import("../lib/db/client");
    const { pool } = await import("../lib/db/pool");
    const { tenantDb, routerStats } = await import("../lib/isolation/router");
    const { TenantPrismaClient } = await import("../lib/isolation/router");
    const { config } = await import("../lib/config");

    // A row per tenant, so every query reads real data.
    for (const [i, id] of ids.entries()) {
      await (await tenantDb(id)).project.create({ data: { name: `Project of tenant ${i}` } });
    }

    // Baseline: the same query on ONE plain Prisma client bound to one tenant's schema, same pool.
    const first = await db().tenant.findUniqueOrThrow({ where: { id: ids[0] }, select: { dataLocation: true } });
    const plain = new TenantPrismaClient({ adapter: new PrismaPg(pool(), { schema: first.dataLocation }) });
    await drive(1, concurrency, () => () => plain.project.findMany({ take: 5 })); // warm-up
    log(`baseline: ${seconds}s on one plain client…`);
    const baseline = await drive(seconds, concurrency, () => () => plain.project.findMany({ take: 5 }));
    await plain.$disconnect();

    const monitor = watchConnections(database.serverUrl, database.name);
    await monitor.start();
    const rssBefore = rssMb();
    let k = 0;
    log(`router: ${seconds}s round-robin over ${tenants} tenants…`);
    const routed = await drive(seconds, concurrency, () => {
      const id = ids[k++ % ids.length];
      return async () => (await tenantDb(id)).project.findMany({ take: 5 });
    });
    const rssAfter = rssMb();
    const connections = await monitor.stop();
    const stats = routerStats();

    // What a cache miss costs: a new client for a tenant's schema and its first query, against a
    // second query on that client (sequential, so it is the cost itself rather than queueing).
    const sampleIds = ids.slice(0, Math.min(50, ids.length));
    const locations = await db().tenant.findMany({ where: { id: { in: sampleIds } }, select: { dataLocation: true } });
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (const { dataLocation } of locations) {
      let t = performance.now();
      const c = new TenantPrismaClient({ adapter: new PrismaPg(pool(), { schema: dataLocation }) });
      await c.project.findMany({ take: 5 });
      coldMs.push(performance.now() - t);
      t = performance.now();
      await c.project.findMany({ take: 5 });
      warmMs.push(performance.now() - t);
      await c.$disconnect();
    }

    const growth = rssAfter - rssBefore;
    const ratio = routed.qps / baseline.qps;
    report("router", {
      server: database.server,
      tenants,
      seconds,
      concurrency,
      pool_size: config.poolSize,
      tenant_client_cache: config.tenantClientCacheSize,
      baseline_single_client: baseline,
      router_round_robin: routed,
      throughput_vs_baseline: round(ratio, 3),
      max_app_connections: connections.max,
      connection_samples: connections.samples,
      rss_before_mb: round(rssBefore, 1),
      rss_after_mb: round(rssAfter, 1),
      rss_growth_mb: round(growth, 1),
      router_clients_cached: stats.clients,
      new_client_first_query_p50_ms: round(percentile(coldMs, 50), 3),
      cached_client_query_p50_ms: round(percentile(warmMs, 50), 3),
      targets: TARGETS,
      targets_met: {
        connections: connections.max <= TARGETS.max_connections,
        rss_growth: growth <= TARGETS.rss_growth_mb,
        throughput: ratio >= TARGETS.throughput_vs_baseline,
        no_errors: routed.errors === 0 && baseline.errors === 0,
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
