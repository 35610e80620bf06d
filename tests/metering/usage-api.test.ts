// GET /api/v1/tenants/{id}/usage (the route handler on the real database), the storage sampler, the
// partition maintenance, GET /api/metrics on a real socket, and the rollup job on the real queue.
import type { AddressInfo } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as usage from "@/app/api/v1/tenants/[id]/usage/route";
import { createDataPlaneServer } from "@/lib/dataplane/node";
import { runRollup } from "@/lib/metering/rollup";
import { listPartitions, maintainPartitions, partitionName, ensurePartitions, dropExpiredPartitions } from "@/lib/metering/partitions";
import { sampleStorage } from "@/lib/metering/storage";
import { writerIdle } from "@/lib/metering/writer";
import { flushUsage } from "@/lib/quotas/usage";
import { createTenant, deleteTenant } from "@/lib/tenants/service";
import { expectProblem } from "../setup/expect-problem";
import { apiRequest, json, routeParams } from "../setup/http";
import { sql } from "../setup/db";
import { actor, ingest, tenantWithKey } from "../dataplane/helpers";

const DAY = 86_400_000;
const get = (id: string, query = "", authorization?: string | null) =>
  usage.GET(apiRequest("GET", `/api/v1/tenants/${id}/usage${query}`, authorization === undefined ? {} : { authorization }), routeParams({ id }));

describe("GET /api/v1/tenants/{id}/usage", () => {
  let tenantId: string;
  let key: string;
  const day = Math.floor(Date.now() / DAY) * DAY;

  beforeAll(async () => {
    ({ tenantId, key } = await tenantWithKey());
    await sql(
      `INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES
       ($1, 'read_ops', 5, $2), ($1, 'read_ops', 7, $3), ($1, 'storage_bytes', 100, $2), ($1, 'storage_bytes', 80, $3)`,
      [tenantId, new Date(day - 2 * DAY + 3_600_000), new Date(day - DAY + 7_200_000)],
    );
    await runRollup({ lagMs: 0 });
    await ingest(key, [{ metric: "read_ops", value: 1 }]); // after the watermark: the raw tail
  });

  it("answers by day over the last 30 days by default, rollups and tail together", async () => {
    const res = await get(tenantId);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.tenant_id).toBe(tenantId);
    expect(body.granularity).toBe("day");
    expect(Date.parse(body.to) - Date.parse(body.from)).toBeGreaterThanOrEqual(30 * DAY);
    // Every metric: the built-ins first, then any registered ones (other test files register some in
    // the same database).
    const metrics = body.series.map((s: { metric: string }) => s.metric);
    expect(metrics.slice(0, 7)).toEqual([
      "api_requests", "storage_bytes", "file_storage_bytes", "egress_bytes", "realtime_connections", "read_ops", "write_ops",
    ]);
    const registered = await sql<{ name: string }>("SELECT name FROM usage_metrics ORDER BY name");
    expect(metrics.slice(7).sort()).toEqual(registered.map((r) => r.name).sort());
    const read = body.series.find((s: { metric: string }) => s.metric === "read_ops");
    expect(read.points).toEqual([
      { t: new Date(day - 2 * DAY).toISOString().replace(".000Z", "Z"), value: 5 },
      { t: new Date(day - DAY).toISOString().replace(".000Z", "Z"), value: 7 },
      { t: new Date(day).toISOString().replace(".000Z", "Z"), value: 1 },
    ]);
    expect(body.totals).toMatchObject({ read_ops: 13, storage_bytes: 80 });
  });

  it("filters metrics and answers by hour over a given range", async () => {
    const from = new Date(day - 2 * DAY).toISOString();
    const to = new Date(day).toISOString();
    const body = await json(await get(tenantId, `?metric=storage_bytes,read_ops&granularity=hour&from=${from}&to=${to}`));
    expect(body.series.map((s: { metric: string }) => s.metric)).toEqual(["storage_bytes", "read_ops"]);
    expect(body.series[0].points).toEqual([
      { t: new Date(day - 2 * DAY + 3_600_000).toISOString().replace(".000Z", "Z"), value: 100 },
      { t: new Date(day - DAY + 7_200_000).toISOString().replace(".000Z", "Z"), value: 80 },
    ]);
    expect(body.totals).toEqual({ storage_bytes: 80, read_ops: 12 });
  });

  const bad: [string, string, string][] = [
    ["an unknown metric", "?metric=read_ops,bananas", "metric"],
    ["an unknown granularity", "?granularity=week", "granularity"],
    ["a malformed from", "?from=yesterday", "from"],
    ["a malformed to", "?to=2026-13-01", "to"],
    ["from after to", "?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from"],
    ["from equal to to", "?from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from"],
    ["too many points", "?granularity=hour&from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from"],
  ];
  for (const [name, query, path] of bad) {
    it(`is 400 for ${name}`, async () => {
      const body = await expectProblem(await get(tenantId, query), 400, "invalid_request");
      expect(body.errors?.map((e) => e.path)).toContain(path);
    });
  }

  it("is 401 without a platform key, 403 with a tenant key, 404 for unknown and deleted tenants", async () => {
    await expectProblem(await get(tenantId, "", null), 401, "unauthorized");
    await expectProblem(await get(tenantId, "", `Bearer ${key}`), 403, "forbidden");
    await expectProblem(await get("ten_aaaaaaaaaaaaaaaaaaaa"), 404, "not_found");
    await expectProblem(await get("nonsense"), 404, "not_found");
    const t = await createTenant({ name: "usage-gone", slug: `usage-gone-${Date.now().toString(36)}`, isolation: "shared" }, actor);
    await deleteTenant(t.id, actor);
    await expectProblem(await get(t.id), 404, "not_found");
  });
});

describe("automatic meters", () => {
  it("count api_requests and egress_bytes (request + response bodies) per served request", async () => {
    const { tenantId, key } = await tenantWithKey();
    const body = { events: [{ metric: "read_ops", value: 1 }] };
    const r = await ingest(key, body.events);
    expect(r.status).toBe(202);
    await flushUsage();
    await writerIdle();
    const rows = await sql<{ metric: string; v: number }>(
      "SELECT metric, sum(value) AS v FROM usage_events WHERE tenant_id = $1 AND metric IN ('api_requests', 'egress_bytes') GROUP BY 1 ORDER BY 1",
      [tenantId],
    );
    const expected = Buffer.byteLength(JSON.stringify(body)) + Buffer.byteLength(JSON.stringify({ accepted: 1 }));
    expect(rows).toEqual([
      { metric: "api_requests", v: 1 },
      { metric: "egress_bytes", v: expected },
    ]);
  });

  it("sample storage from PostgreSQL for every tier", async () => {
    const schemaTenant = await createTenant({ name: "store-s", slug: `store-s-${Date.now().toString(36)}`, isolation: "schema" }, actor);
    const sharedTenant = await createTenant({ name: "store-h", slug: `store-h-${Date.now().toString(36)}`, isolation: "shared" }, actor);
    const samples = await sampleStorage();
    const bySchema = samples.find((s) => s.tenantId === schemaTenant.id);
    expect(bySchema?.bytes).toBeGreaterThan(8192); // its template's tables and indexes
    expect(samples.find((s) => s.tenantId === sharedTenant.id)?.bytes).toBe(0); // no rows yet
    const [row] = await sql<{ value: number }>("SELECT value FROM usage_events WHERE tenant_id = $1 AND metric = 'storage_bytes'", [schemaTenant.id]);
    expect(row.value).toBe(bySchema!.bytes);
  });
});

describe("partitions (by received day)", () => {
  it("exist from today to a week ahead, and stray rows move out of the DEFAULT partition", async () => {
    const now = Date.now();
    await maintainPartitions(now);
    const days = await listPartitions();
    const today = Math.floor(now / DAY) * DAY;
    for (let d = today; d <= today + 7 * DAY; d += DAY) expect(days).toContain(d);
    // A day far ahead has no partition: a row received then lands in DEFAULT, then gets a partition of its own.
    const far = today + 30 * DAY;
    const farther = today + 31 * DAY;
    await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at, received_at) VALUES ('ten_stray', 'read_ops', 1, $1, $1), ('ten_stray', 'read_ops', 1, $2, $2)", [
      new Date(far + 5000),
      new Date(farther + 5000),
    ]);
    expect((await sql("SELECT 1 FROM usage_events_default WHERE tenant_id = 'ten_stray'")).length).toBe(2);
    const run = await maintainPartitions(now);
    expect(run.created).toEqual(expect.arrayContaining([far, farther]));
    expect(await listPartitions()).toEqual(expect.arrayContaining([far, farther]));
    expect((await sql("SELECT 1 FROM usage_events_default WHERE tenant_id = 'ten_stray'")).length).toBe(0);
    const moved = await sql<{ p: string }>("SELECT tableoid::regclass::text AS p FROM usage_events WHERE tenant_id = 'ten_stray' ORDER BY received_at");
    expect(moved.map((m) => m.p)).toEqual([partitionName(far), partitionName(farther)]);
    await sql("DELETE FROM usage_events WHERE tenant_id = 'ten_stray'"); // not to be rolled up: far in the future
  });

  it("older than the retention are dropped whole; rollups of those days stay (daily)", async () => {
    const old = Math.floor(Date.now() / DAY) * DAY - 500 * DAY;
    await ensurePartitions(old, old + DAY);
    // History loaded with its received times (late, as history is): the rollup merges it all the same.
    await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at, received_at) VALUES ('ten_old', 'read_ops', 3, $1, now())", [new Date(old + 1000)]);
    await runRollup({ lagMs: 0 });
    await sql("UPDATE usage_events SET received_at = $1 WHERE tenant_id = 'ten_old'", [new Date(old + 2000)]); // moves it to its old partition
    const dropped = await dropExpiredPartitions(400);
    expect(dropped).toEqual([old, old + DAY]);
    expect(await listPartitions()).not.toContain(old);
    expect((await sql("SELECT 1 FROM usage_events WHERE tenant_id = 'ten_old'")).length).toBe(0);
    expect((await sql("SELECT sum FROM usage_daily WHERE tenant_id = 'ten_old'"))).toEqual([{ sum: 3 }]);
    expect((await sql("SELECT 1 FROM usage_hourly WHERE tenant_id = 'ten_old'")).length).toBe(0);
  });
});

describe("GET /api/metrics", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = createDataPlaneServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    delete process.env.TENANTRY_METRICS_TOKEN;
  });

  it("serves Prometheus text with per-tenant labels, ingest histograms and the rollup lag", async () => {
    const { tenantId, key } = await tenantWithKey();
    const r1 = await fetch(`${base}/api/v1/usage`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [{ metric: "write_ops", value: 2 }, { metric: "write_ops", value: 3 }] }),
    });
    expect(r1.status).toBe(202);
    await (await fetch(`${base}/api/v1/quota`, { headers: { authorization: `Bearer ${key}x` } })).text();
    await runRollup({ lagMs: 0 });
    const res = await fetch(`${base}/api/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain(`tenantry_dataplane_requests_total{tenant_id="${tenantId}",route="/api/v1/usage",status="202"} 1`);
    expect(text).toContain(`tenantry_dataplane_requests_total{tenant_id="",route="/api/v1/quota",status="401"}`);
    expect(text).toContain(`tenantry_usage_events_ingested_total{tenant_id="${tenantId}",metric="write_ops"} 2`);
    expect(text).toMatch(/tenantry_ingest_group_rows_bucket\{le="10"\} \d+/);
    expect(text).toMatch(/tenantry_ingest_group_seconds_count \d+/);
    expect(text).toMatch(/tenantry_rollup_lag_seconds \d/);
    expect(text).toMatch(/tenantry_process_resident_memory_bytes \d+/);
  });

  it("requires TENANTRY_METRICS_TOKEN when it is set, and GET only", async () => {
    process.env.TENANTRY_METRICS_TOKEN = "scrape-secret";
    expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const ok = await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer scrape-secret" } });
    expect(ok.status).toBe(200);
    await ok.text();
    // The scheme is case-insensitive.
    const lower = await fetch(`${base}/api/metrics`, { headers: { authorization: "bearer scrape-secret" } });
    expect(lower.status).toBe(200);
    await lower.text();
    const post = await fetch(`${base}/api/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(post.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
