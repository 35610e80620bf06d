// The tenant data router under load: many schema-tier tenants queried round-robin through
// tenantDb(id), against a baseline of the same query on ONE plain Prisma tenant client. Reports
// throughput, the most connections the app held (pg_stat_activity, polled on a separate connection),
// and RSS growth. Thousands of tenants must not mean thousands of pools, nor unbounded memory.
//   tsx bench/router.ts [--tenants 1000] [--seconds 20] [--concurrency 8] [--slices 10]
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { BENCH_ACTOR, heapMb, intFlag, log, openBenchDatabase, percentile, report, round, rssMb } from "./common";

const TARGETS = { max_connections: 10, rss_growth_mb: 150, throughput_vs_baseline: 0.5 };

type Query = () => Promise<unknown>;

/** Throughput and latency of one side (baseline or router), accumulated over its time slices. */
class Phase {
  latencies: number[] = [];
  elapsed = 0;
  errors = 0;
  firstError: string | undefined;

  /** Runs `next()`'s query with `concurrency` in flight for `seconds`. */
  async drive(seconds: number, concurrency: number, next: () => Query) {
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const q = next();
          const t = performance.now();
          try {
            await q();
            this.latencies.push(performance.now() - t);
          } catch (e) {
            this.errors++;
            this.firstError ??= e instanceof Error ? e.message : String(e);
          }
        }
      }),
    );
    this.elapsed += (performance.now() - started) / 1000;
  }

  summary() {
    return {
      queries: this.latencies.length,
      errors: this.errors,
      first_error: this.firstError,
      qps: round(this.latencies.length / this.elapsed, 1),
      p50_ms: round(percentile(this.latencies, 50), 3),
      p99_ms: round(percentile(this.latencies, 99), 3),
    };
  }
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
  const slices = intFlag("slices", 10);
  const database = await openBenchDatabase("router");
  try {
    const ids = await provisionMany(tenants, 4);
    const { db } = await import("../lib/db/client");
    const { pool } = await import("../lib/db/pool");
    const { tenantDb, routerStats, forgetTenant } = await import("../lib/isolation/router");
    const { TenantPrismaClient } = await import("../lib/isolation/router");
    const { config } = await import("../lib/config");

    // A row per tenant, so every query reads real data. Written with plain SQL, not through the router:
    // the RSS baseline below must be taken before the router has made a client for any tenant.
    const locations = await db().tenant.findMany({ where: { id: { in: ids } }, select: { id: true, dataLocation: true } });
    const locationOf = new Map(locations.map((t) => [t.id, t.dataLocation]));
    for (const [i, id] of ids.entries()) {
      await pool().query(`INSERT INTO "${locationOf.get(id)}".projects (id, name, updated_at) VALUES (gen_random_uuid(), $1, now())`, [
        `Project of tenant ${i}`,
      ]);
    }

    // Baseline: the same query on ONE plain Prisma client bound to one tenant's schema, same pool.
    const first = await db().tenant.findUniqueOrThrow({ where: { id: ids[0] }, select: { dataLocation: true } });
    const plain = new TenantPrismaClient({ adapter: new PrismaPg(pool(), { schema: first.dataLocation }) });
    const baselineQuery = () => plain.project.findMany({ take: 5 });
    await new Phase().drive(1, concurrency, () => baselineQuery); // warm-up

    const monitor = watchConnections(database.serverUrl, database.name);
    await monitor.start();
    // RSS as a running process has it (no forced collection: the target is about that), then the live
    // heap after a full collection, which tells retained memory from garbage not yet collected.
    const rssBefore = rssMb();
    const heapBefore = heapMb();
    // The two sides alternate in short slices, so the load other processes put on this machine meanwhile
    // weighs on both alike (run back to back, one 20 s side could see twice the other's load).
    const baseline = new Phase();
    const routed = new Phase();
    let k = 0;
    const routerQuery = () => {
      const id = ids[k++ % ids.length];
      return async () => (await tenantDb(id)).project.findMany({ take: 5 });
    };
    log(`${seconds}s each: one plain client, and round-robin over ${tenants} tenants through the router, in ${slices} slices…`);
    for (let i = 0; i < slices; i++) {
      await baseline.drive(seconds / slices, concurrency, () => baselineQuery);
      await routed.drive(seconds / slices, concurrency, routerQuery);
    }
    await plain.$disconnect();
    const rssAfter = rssMb();
    const heapAfter = heapMb();
    const connections = await monitor.stop();
    const stats = routerStats();

    // What a tenant the router has not seen costs through the router: its status read, a new client,
    // and the first query (sequential, so it is the cost itself rather than queueing).
    const routerColdMs: number[] = [];
    for (const id of ids.slice(0, Math.min(50, ids.length))) {
      forgetTenant(id);
      const t = performance.now();
      await (await tenantDb(id)).project.findMany({ take: 5 });
      routerColdMs.push(performance.now() - t);
    }

    // What a cache miss costs: a new client for a tenant's schema and its first query, against a
    // second query on that client (sequential, so it is the cost itself rather than queueing).
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (const dataLocation of ids.slice(0, Math.min(50, ids.length)).map((id) => locationOf.get(id)!)) {
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
    const ratio = routed.summary().qps / baseline.summary().qps;
    report("router", {
      server: database.server,
      tenants,
      seconds,
      concurrency,
      pool_size: config.poolSize,
      tenant_client_cache: config.tenantClientCacheSize,
      slices,
      baseline_single_client: baseline.summary(),
      router_round_robin: routed.summary(),
      throughput_vs_baseline: round(ratio, 3),
      max_app_connections: connections.max,
      connection_samples: connections.samples,
      rss_before_mb: round(rssBefore, 1),
      rss_after_mb: round(rssAfter, 1),
      rss_growth_mb: round(growth, 1),
      live_heap_growth_mb: round(heapAfter.used - heapBefore.used, 1),
      heap_reserved_growth_mb: round(heapAfter.total - heapBefore.total, 1),
      router_clients_cached: stats.clients,
      router_new_tenant_first_query_p50_ms: round(percentile(routerColdMs, 50), 3),
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
