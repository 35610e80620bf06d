// Prometheus metrics (prom-client) for GET /api/metrics. The registry lives on globalThis: the tsx-loaded
// server (where the data plane runs and these counters move) and Next's bundle each load their own
// copy of lib/, and both must see one registry. /api/metrics is served by the framework-free fast path
// (lib/dataplane/node.ts), in the process that counts.
import client from "prom-client";

interface Metrics {
  registry: client.Registry;
  requests: client.Counter<"tenant_id" | "route" | "status">;
  events: client.Counter<"tenant_id" | "metric">;
  groupRows: client.Histogram;
  groupSeconds: client.Histogram;
  rollupLag: client.Gauge;
  rollupRuns: client.Counter<"result">;
}

type Globals = { __tenantryMetrics?: Metrics };
const g = globalThis as Globals;

function metrics(): Metrics {
  if (g.__tenantryMetrics) return g.__tenantryMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "tenantry_" });
  const m: Metrics = {
    registry,
    requests: new client.Counter({
      name: "tenantry_dataplane_requests_total",
      help: "Data-plane requests answered, by tenant, route and HTTP status (requests without a known tenant: tenant_id=\"\").",
      labelNames: ["tenant_id", "route", "status"],
      registers: [registry],
      collect() {
        foldPendingRequests(this);
      },
    }),
    events: new client.Counter({
      name: "tenantry_usage_events_ingested_total",
      help: "Usage events stored through POST /api/v1/usage (duplicates not counted), by tenant and metric.",
      labelNames: ["tenant_id", "metric"],
      registers: [registry],
    }),
    groupRows: new client.Histogram({
      name: "tenantry_ingest_group_rows",
      help: "Events per group-commit insert.",
      buckets: [1, 10, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers: [registry],
    }),
    groupSeconds: new client.Histogram({
      name: "tenantry_ingest_group_seconds",
      help: "Duration of one group-commit insert (statement and commit).",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    rollupLag: new client.Gauge({
      name: "tenantry_rollup_lag_seconds",
      help: "Now minus the rollup watermark, as of this process's last rollup run (events received since are read from the raw tail).",
      registers: [registry],
    }),
    rollupRuns: new client.Counter({
      name: "tenantry_rollup_runs_total",
      help: "Rollup runs in this process, by result.",
      labelNames: ["result"],
      registers: [registry],
    }),
  };
  g.__tenantryMetrics = m;
  return m;
}

export function observeIngestGroup(rows: number, seconds: number): void {
  const m = metrics();
  m.groupRows.observe(rows);
  m.groupSeconds.observe(seconds);
}

/** Stored events of one request, counted per metric. */
export function countIngested(tenantId: string, perMetric: ReadonlyMap<string, number>): void {
  const c = metrics().events;
  for (const [metric, n] of perMetric) c.inc({ tenant_id: tenantId, metric }, n);
}

/**
 * Requests answered since the last scrape, by tenant → route → status. The hot path only bumps a number
 * here; the counter takes the deltas when it is collected. prom-client's own `inc` hashes the label set
 * on every call, about 5 % of a data-plane request's CPU.
 */
type PendingRequests = Map<string, Map<string, Map<number, number>>>;
type PendingGlobals = { __tenantryPendingRequests?: PendingRequests };
const pg = globalThis as PendingGlobals;
const pendingRequests = (): PendingRequests => (pg.__tenantryPendingRequests ??= new Map());

function foldPendingRequests(counter: client.Counter<"tenant_id" | "route" | "status">): void {
  const pending = pendingRequests();
  for (const [tenant, routes] of pending)
    for (const [route, statuses] of routes)
      for (const [status, n] of statuses) if (n > 0) counter.inc({ tenant_id: tenant, route, status: String(status) }, n);
  pending.clear();
}

/** One data-plane request answered: a number bumped in memory (see PendingRequests). */
export function countDataPlaneRequest(tenantId: string | null, route: string, status: number): void {
  const pending = pendingRequests();
  const tenant = tenantId ?? "";
  let routes = pending.get(tenant);
  if (!routes) pending.set(tenant, (routes = new Map()));
  let statuses = routes.get(route);
  if (!statuses) routes.set(route, (statuses = new Map()));
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

export function noteRollup(result: "ok" | "failed", watermark?: number, now = Date.now()): void {
  const m = metrics();
  m.rollupRuns.inc({ result });
  if (watermark !== undefined) m.rollupLag.set(Math.max(0, (now - watermark) / 1000));
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const r = metrics().registry;
  return { contentType: r.contentType, body: await r.metrics() };
}
