// The custom-metric registry end to end on the real database: registering through the REST routes (and
// every way that can fail), the registry on another instance learning of it (change notice, or a read
// through on the ingest path when the notice is late), ingest of registered metrics rolled up by their
// kind, archived and unknown metrics refused with nothing stored, and quotas ignoring custom metrics.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/metrics/route";
import * as item from "@/app/api/v1/metrics/[name]/route";
import * as usageRoute from "@/app/api/v1/tenants/[id]/usage/route";
import { changeNotice, startChangeListener, stopChangeListener } from "../../lib/db/changes";
import { tenantUsage } from "../../lib/metering/read";
import { isIngestibleMetric, metricKind, resetMetricRegistry } from "../../lib/metering/registry";
import { runRollup } from "../../lib/metering/rollup";
import { tenantUsageView } from "../../lib/metering/usage-view";
import { check, ingest, quota, tenantWithKey } from "../dataplane/helpers";
import { sql } from "../setup/db";
import { expectProblem } from "../setup/expect-problem";
import { apiRequest, json, routeParams, type CallOptions } from "../setup/http";

const none = routeParams({} as Record<string, never>);
const register = (body: unknown, opts: CallOptions = {}) => collection.POST(apiRequest("POST", "/api/v1/metrics", { body, ...opts }), none);
const list = (opts: CallOptions = {}) => collection.GET(apiRequest("GET", "/api/v1/metrics", opts), none);
const patch = (name: string, body: unknown, opts: CallOptions = {}) =>
  item.PATCH(apiRequest("PATCH", `/api/v1/metrics/${name}`, { body, ...opts }), routeParams({ name }));

let n = 0;
const name = (p: string) => `${p}_${process.pid}_${n++}`;

async function stored(tenantId: string, metric?: string) {
  const [r] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1 AND ($2::text IS NULL OR metric = $2)", [tenantId, metric ?? null]);
  return r.n;
}

/** Another instance's write: the row, committed without this process hearing of it. */
async function insertElsewhere(metric: string, kind: "counter" | "gauge", notify = false) {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query("INSERT INTO usage_metrics (name, kind) VALUES ($1, $2)", [metric, kind]);
    if (notify) await c.query("SELECT pg_notify($1, $2)", changeNotice({ kind: "metric", name: metric, metric_kind: kind, unit: "count", archived: false }));
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await stopChangeListener();
});

describe("REST: /api/v1/metrics", () => {
  it("lists the built-ins as read-only, registers a metric (201, audited) and lists it", async () => {
    const m = name("emails_sent");
    const res = await register({ name: m, kind: "counter", description: "Emails the tenant sent" });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ name: m, kind: "counter", unit: "count", description: "Emails the tenant sent", builtin: false, archived: false, archived_at: null });
    expect(Date.parse(body.created_at)).toBeGreaterThan(Date.now() - 60_000);

    const all = await json(await list());
    expect(all.next_cursor).toBeNull();
    const names = all.data.map((x: { name: string }) => x.name);
    expect(names.slice(0, 7)).toEqual(["api_requests", "storage_bytes", "file_storage_bytes", "egress_bytes", "realtime_connections", "read_ops", "write_ops"]);
    expect(all.data[0]).toMatchObject({ builtin: true, kind: "counter", unit: "count", created_at: null });
    expect(all.data[1]).toMatchObject({ name: "storage_bytes", builtin: true, kind: "gauge", unit: "bytes" });
    expect(names).toContain(m);

    const [audit] = await sql<{ action: string; data: { metric: string } }>("SELECT action, data FROM audit_log WHERE data->>'metric' = $1", [m]);
    expect(audit).toMatchObject({ action: "metric.registered", data: { metric: m } });
  });

  it("refuses bad names and fields with per-field errors, and writes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ name: "Emails", kind: "counter" }, "name"],
      [{ name: "9lives", kind: "counter" }, "name"],
      [{ name: "a", kind: "counter" }, "name"],
      [{ name: "has-dash", kind: "counter" }, "name"],
      [{ name: `x${"a".repeat(63)}`, kind: "counter" }, "name"],
      [{ name: "fine_name", kind: "histogram" }, "kind"],
      [{ name: "fine_name" }, "kind"],
      [{ name: "fine_name", kind: "gauge", unit: "seconds" }, "unit"],
      [{ name: "fine_name", kind: "gauge", description: "x".repeat(501) }, "description"],
    ];
    for (const [body, path] of cases) {
      const p = await expectProblem(await register(body), 400, "invalid_request");
      expect(p.errors?.map((e) => e.path)).toContain(path);
    }
    await expectProblem(await register({ name: "fine_name", kind: "gauge", extra: 1 }), 400, "invalid_request");
    await expectProblem(await register(null, { raw: "{not json" }), 400, "invalid_request");
    const [r] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM usage_metrics WHERE name = 'fine_name'");
    expect(r.n).toBe(0);
  });

  it("409 for a built-in name and for a name already registered (also when two race)", async () => {
    const p = await expectProblem(await register({ name: "api_requests", kind: "counter" }), 409, "conflict");
    expect(p.detail).toMatch(/built-in/);
    const m = name("seats");
    const raced = await Promise.all([register({ name: m, kind: "gauge" }), register({ name: m, kind: "counter" })]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    await expectProblem(await register({ name: m, kind: "gauge" }), 409, "conflict");
    const [r] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM usage_metrics WHERE name = $1", [m]);
    expect(r.n).toBe(1);
  });

  it("PATCH: archive / unarchive / describe; 404 unknown, 409 built-in, 400 bad fields", async () => {
    const m = name("builds");
    await register({ name: m, kind: "counter" });
    const archived = await json(await patch(m, { archived: true, description: "CI builds", unit: "count" }));
    expect(archived).toMatchObject({ name: m, archived: true, description: "CI builds" });
    expect(archived.archived_at).not.toBeNull();
    expect(isIngestibleMetric(m)).toBe(false);
    const back = await json(await patch(m, { archived: false }));
    expect(back).toMatchObject({ archived: false, archived_at: null });
    expect(isIngestibleMetric(m)).toBe(true);
    const actions = await sql<{ action: string }>("SELECT action FROM audit_log WHERE data->>'metric' = $1 ORDER BY id", [m]);
    expect(actions.map((a) => a.action)).toEqual(["metric.registered", "metric.archived", "metric.unarchived"]);

    await expectProblem(await patch("no_such_metric", { archived: true }), 404, "not_found");
    await expectProblem(await patch("api_requests", { archived: true }), 409, "conflict");
    await expectProblem(await patch(m, { archived: "yes" }), 400, "invalid_request");
    await expectProblem(await patch(m, { kind: "gauge" }), 400, "invalid_request");
    expect((await sql<{ kind: string }>("SELECT kind FROM usage_metrics WHERE name = $1", [m]))[0].kind).toBe("counter");
  });

  it("needs a platform key: none 401, a tenant key 403", async () => {
    const { key } = await tenantWithKey();
    await expectProblem(await list({ authorization: null }), 401, "unauthorized");
    await expectProblem(await register({ name: name("x"), kind: "counter" }, { authorization: null }), 401, "unauthorized");
    await expectProblem(await register({ name: name("x"), kind: "counter" }, { authorization: `Bearer ${key}` }), 403, "forbidden");
    await expectProblem(await patch("anything", { archived: true }, { authorization: `Bearer ${key}` }), 403, "forbidden");
  });
});

describe("ingest of registered metrics", () => {
  it("accepts a registered counter and gauge and aggregates each by its kind, before and after the rollup", async () => {
    const counter = name("emails");
    const gauge = name("seats");
    await register({ name: counter, kind: "counter" });
    await register({ name: gauge, kind: "gauge", unit: "count" });
    const { tenantId, key } = await tenantWithKey();
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
    const at = (min: number) => new Date(hour + min * 60_000).toISOString();
    const r = await ingest(key, [
      { metric: counter, value: 3, timestamp: at(1) },
      { metric: counter, value: 4, timestamp: at(2) },
      { metric: gauge, value: 10, timestamp: at(1) },
      { metric: gauge, value: 30, timestamp: at(2) },
      { metric: gauge, value: 20, timestamp: at(3) },
      { metric: "read_ops", value: 1, timestamp: at(1) },
    ]);
    expect(r.status).toBe(202);
    expect(await stored(tenantId)).toBe(6);

    const range = { from: hour, to: hour + 3_600_000, granularity: "hour" as const };
    const expectAggregates = async () => {
      const u = await tenantUsage(tenantId, range, [gauge, counter, "read_ops"]);
      expect(u.series.map((s) => s.metric)).toEqual(["read_ops", ...[counter, gauge].sort()]);
      const of = (m: string) => u.series.find((s) => s.metric === m)!.points;
      expect(of(counter)).toEqual([{ t: hour, value: 7 }]); // sum
      expect(of(gauge)).toEqual([{ t: hour, value: 30 }]); // max in the bucket
      expect(u.totals[counter]).toBe(7);
      expect(u.totals[gauge]).toBe(20); // the last level over the range
    };
    await expectAggregates(); // from the raw tail
    await runRollup({ lagMs: 0 });
    const [h] = await sql<{ sum: number; max: number; last: number }>("SELECT sum, max, last FROM usage_hourly WHERE tenant_id = $1 AND metric = $2", [tenantId, gauge]);
    expect(h).toMatchObject({ sum: 60, max: 30, last: 20 });
    await expectAggregates(); // from the rollup

    // The usage API: a registered metric by name, and in "all".
    const api = async (q: string) => usageRoute.GET(apiRequest("GET", `/api/v1/tenants/${tenantId}/usage?${q}`), routeParams({ id: tenantId }));
    const one = await json(await api(`metric=${gauge}&granularity=hour&from=${new Date(hour).toISOString()}`));
    expect(one.series).toEqual([{ metric: gauge, points: [{ t: new Date(hour).toISOString().replace(".000Z", "Z"), value: 30 }] }]);
    const everything = await json(await api(`granularity=hour&from=${new Date(hour).toISOString()}`));
    expect(everything.series.map((s: { metric: string }) => s.metric)).toEqual(expect.arrayContaining(["api_requests", counter, gauge]));
    expect(everything.totals[counter]).toBe(7);
    await expectProblem(await api("metric=never_registered_metric"), 400, "invalid_request");

    // The screens: registered metrics with data are drawn, with their kind and unit.
    const view = await tenantUsageView({ id: tenantId, quotas: {} }, { range: "custom", granularity: "hour", from: hour, to: hour + 3_600_000 });
    expect(view.metrics.find((m) => m.metric === gauge)).toMatchObject({ kind: "gauge", unit: "count", total: 20, quota: null });
    expect(view.metrics.find((m) => m.metric === counter)).toMatchObject({ kind: "counter", total: 7, quota: null });
  });

  it("refuses archived and unknown metrics (400 naming each), storing nothing; an archived metric's history stays readable", async () => {
    const m = name("legacy");
    await register({ name: m, kind: "counter" });
    const { tenantId, key } = await tenantWithKey();
    expect((await ingest(key, [{ metric: m, value: 2 }])).status).toBe(202);
    await patch(m, { archived: true });
    const r = await ingest(key, [{ metric: "read_ops", value: 1 }, { metric: m, value: 1 }, { metric: "no_such_thing", value: 1 }]);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { path: "events[1].metric", message: `Metric ${m} is archived; it no longer accepts events.` },
      { path: "events[2].metric", message: expect.stringContaining("Unknown metric no_such_thing") },
    ]);
    expect(await stored(tenantId)).toBe(1);
    const u = await tenantUsage(tenantId, { from: Date.now() - 3_600_000, to: Date.now() + 60_000, granularity: "hour" }, [m]);
    expect(u.totals[m]).toBe(2);
  });

  it("quotas: a registered counter is unlimited on quota/check and absent from GET /quota; unknown is 400", async () => {
    const m = name("sms");
    await register({ name: m, kind: "counter" });
    const { key } = await tenantWithKey({ quotas: { api_requests_per_month: 1_000_000 } });
    expect((await ingest(key, [{ metric: m, value: 5 }])).status).toBe(202);
    const c = await check(key, { metric: m, amount: 1_000_000_000 });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ allowed: true, remaining: null });
    const q = await quota(key);
    expect(Object.keys(q.body.metrics).sort()).toEqual(["api_requests", "egress_bytes", "file_storage_bytes", "read_ops", "realtime_connections", "storage_bytes", "write_ops"]);
    const bad = await check(key, { metric: "nonexistent_metric" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("metric");
  });
});

describe("every instance learns of a metric", () => {
  it("reads an unknown name through once when the notice is late; a miss is remembered briefly", async () => {
    const { tenantId, key } = await tenantWithKey();
    const m = name("late");
    // Refused (and remembered as missing) before it exists anywhere.
    expect((await ingest(key, [{ metric: m, value: 1 }])).status).toBe(400);
    await insertElsewhere(m, "gauge");
    // Within the miss interval the database is not asked again…
    expect((await ingest(key, [{ metric: m, value: 1 }])).status).toBe(400);
    await new Promise((r) => setTimeout(r, 1_700));
    // …after it, the registration made elsewhere is found on the very next request, with its kind.
    expect((await ingest(key, [{ metric: m, value: 4 }])).status).toBe(202);
    expect(metricKind(m)).toBe("gauge");
    expect(await stored(tenantId, m)).toBe(1);

    // A fresh instance (nothing loaded) accepts a metric it never heard of on the first request.
    const fresh = name("fresh");
    await insertElsewhere(fresh, "counter");
    resetMetricRegistry();
    expect((await ingest(key, [{ metric: fresh, value: 1 }])).status).toBe(202);
  });

  it("applies another instance's change notice through the listener", async () => {
    await startChangeListener();
    const m = name("noticed");
    resetMetricRegistry();
    await ingest((await tenantWithKey()).key, [{ metric: "read_ops", value: 1 }]); // loads the registry
    expect(isIngestibleMetric(m)).toBe(false);
    await insertElsewhere(m, "gauge", true);
    const deadline = Date.now() + 5_000;
    while (!isIngestibleMetric(m) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(isIngestibleMetric(m)).toBe(true);
    expect(metricKind(m)).toBe("gauge");
    // An archive made through this instance's API reaches the registry at once too.
    await patch(m, { archived: true });
    expect(isIngestibleMetric(m)).toBe(false);
    await stopChangeListener();
  });

  it("re-reads the table when the listener reconnects (notices may have been missed)", async () => {
    const m = name("missed");
    await register({ name: m, kind: "counter" });
    expect(isIngestibleMetric(m)).toBe(true);
    // Archived elsewhere while this instance was not listening: no notice reaches it.
    await sql("UPDATE usage_metrics SET archived_at = now() WHERE name = $1", [m]);
    expect(isIngestibleMetric(m)).toBe(true);
    await startChangeListener();
    const deadline = Date.now() + 5_000;
    while (isIngestibleMetric(m) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(isIngestibleMetric(m)).toBe(false);
    await stopChangeListener();
  });
});
