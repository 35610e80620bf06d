// The data plane against the real database: every refusal the issue lists (401/403/404/400/413/429),
// exact rate-limit and quota counts, idempotent ingest, and changes (revocation, suspension, plan and
// override edits) applying to the very next request.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { issuePlatformKey, issueTenantKey, revokeKey } from "../../lib/keys/service";
import { generateSecret } from "../../lib/keys/secret";
import { clearKeyCache, flushLastUsed } from "../../lib/keys/verify";
import { updatePlan } from "../../lib/quotas/plan-admin";
import { periodOf } from "../../lib/quotas/period";
import { useRateLimitStore } from "../../lib/quotas/rate-limit";
import { clearUsageCache, flushUsage } from "../../lib/quotas/usage";
import { deleteTenant, resumeTenant, suspendTenant, updateTenant } from "../../lib/tenants/service";
import { TEST_PLATFORM_KEY } from "../setup/constants";
import { sql } from "../setup/db";
import { actor, call, check, ingest, quota, tenantWithKey, type Reply } from "./helpers";

function expectProblem(r: Reply, status: number, code: string) {
  expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
  expect(r.headers["content-type"]).toBe("application/problem+json");
  expect(r.body.status).toBe(status);
}

function expectRateHeaders(r: Reply) {
  expect(Number(r.headers["ratelimit-limit"])).toBeGreaterThan(0);
  expect(r.headers["ratelimit-remaining"]).toMatch(/^\d+$/);
  expect(Number(r.headers["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
}

async function usageRows(tenantId: string) {
  return sql<{ metric: string; value: number; idempotency_key: string | null }>(
    "SELECT metric, value, idempotency_key FROM usage_events WHERE tenant_id = $1 ORDER BY id",
    [tenantId],
  );
}

/** Puts `value` of `metric` into the tenant's current period directly, as another writer would. */
async function seedUsage(tenantId: string, metric: string, value: number) {
  await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES ($1, $2, $3, now())", [tenantId, metric, value]);
  clearUsageCache();
}

beforeEach(() => useRateLimitStore("memory"));

describe("authentication", () => {
  it("refuses missing, malformed, wrong-checksum, unknown, revoked and expired keys with 401", async () => {
    const { tenantId, key, keyId } = await tenantWithKey();
    expectProblem(await call("GET", "/api/v1/quota", {}), 401, "unauthorized");
    expect((await call("GET", "/api/v1/quota", {})).headers["www-authenticate"]).toContain("Bearer");
    expectProblem(await call("GET", "/api/v1/quota", { authorization: "Basic abc" }), 401, "unauthorized");
    expectProblem(await quota("tk_short"), 401, "unauthorized");
    const typo = key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
    expectProblem(await quota(typo), 401, "unauthorized");
    expectProblem(await quota(generateSecret("tenant")), 401, "unauthorized");

    expect((await quota(key)).status).toBe(200);
    await revokeKey(tenantId, keyId, actor);
    expectProblem(await quota(key), 401, "unauthorized"); // the very next request

    const exp = await issueTenantKey(tenantId, { name: "expiring", expires_at: new Date(Date.now() + 3_600_000).toISOString() }, actor);
    expect((await quota(exp.key)).status).toBe(200);
    await sql("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [exp.id]);
    clearKeyCache();
    expectProblem(await quota(exp.key), 401, "unauthorized");
  });

  it("refuses a platform key on the data plane with 403, the bootstrap key included", async () => {
    const p = await issuePlatformKey({ name: "backend" }, actor);
    expectProblem(await quota(p.key), 403, "forbidden");
    expectProblem(await check(p.key), 403, "forbidden");
    expectProblem(await quota(TEST_PLATFORM_KEY), 403, "forbidden");
    expectProblem(await quota(TEST_PLATFORM_KEY.slice(0, -1) + "x"), 401, "unauthorized");
  });

  it("refuses a key without the needed scope with 403", async () => {
    const { key } = await tenantWithKey({ scopes: ["usage:write"] });
    expectProblem(await quota(key), 403, "forbidden");
    expectProblem(await check(key), 403, "forbidden");
    const reader = await tenantWithKey({ scopes: ["quota:read"] });
    const r = await ingest(reader.key, [{ metric: "api_requests", value: 1 }]);
    expectProblem(r, 403, "forbidden");
    expectRateHeaders(r); // the tenant is known: its rate window is reported even on a refusal
    expect(await usageRows(reader.tenantId)).toEqual([]);
  });

  it("refuses a suspended tenant's key with 403 on the next request, and a deleted tenant's with 404", async () => {
    const { tenantId, key } = await tenantWithKey();
    expect((await quota(key)).status).toBe(200);
    await suspendTenant(tenantId, actor);
    expectProblem(await quota(key), 403, "forbidden");
    await resumeTenant(tenantId, actor);
    expect((await quota(key)).status).toBe(200);
    await deleteTenant(tenantId, actor);
    expectProblem(await quota(key), 404, "not_found");
  });
});

describe("POST /api/v1/usage", () => {
  it("stores a valid batch durably and answers 202 with the count", async () => {
    const { tenantId, key } = await tenantWithKey();
    const ts = new Date(Date.now() - 60_000).toISOString();
    const r = await ingest(key, [
      { metric: "egress_bytes", value: 1024, timestamp: ts },
      { metric: "read_ops", value: 3 },
      { metric: "storage_bytes", value: 5e6 },
    ]);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 3 });
    expectRateHeaders(r);
    const rows = await usageRows(tenantId);
    expect(rows.map((x) => [x.metric, Number(x.value)])).toEqual([
      ["egress_bytes", 1024],
      ["read_ops", 3],
      ["storage_bytes", 5e6],
    ]);
  });

  it("rejects bad bodies with 400 and per-event field errors, storing nothing", async () => {
    const { tenantId, key } = await tenantWithKey();
    const bad = await ingest(key, [
      { metric: "api_requests", value: 1 },
      { metric: "nope", value: 1 },
      { metric: "read_ops", value: -1 },
      { metric: "read_ops", value: "3" },
      { metric: "read_ops", value: 1, timestamp: "yesterday" },
      { metric: "read_ops", value: 1, timestamp: new Date(Date.now() - 40 * 86400_000).toISOString() },
      { metric: "read_ops", value: 1, timestamp: new Date(Date.now() + 10 * 60_000).toISOString() },
      { metric: "read_ops", value: 1, idempotency_key: "" },
    ]);
    expectProblem(bad, 400, "invalid_request");
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["events[1].metric", "events[2].value", "events[3].value", "events[4].timestamp", "events[5].timestamp", "events[6].timestamp", "events[7].idempotency_key"]),
    );
    expect(paths.some((p: string) => p.startsWith("events[0]"))).toBe(false);
    expectProblem(await ingest(key, []), 400, "invalid_request");
    expectProblem(await ingest(key, Array.from({ length: 1001 }, () => ({ metric: "read_ops", value: 1 }))), 400, "invalid_request");
    expectProblem(await call("POST", "/api/v1/usage", { key, raw: "{not json" }), 400, "invalid_request");
    expectProblem(await call("POST", "/api/v1/usage", { key, raw: "" }), 400, "invalid_request");
    expectProblem(await call("POST", "/api/v1/usage", { key, body: { events: "x" } }), 400, "invalid_request");
    expectProblem(await call("POST", "/api/v1/usage", { key, raw: Buffer.alloc(1024 * 1024 + 1, 32) }), 413, "payload_too_large");
    expect(await usageRows(tenantId)).toEqual([]);
  });

  it("accepts a repeated idempotency key without counting it twice", async () => {
    const { tenantId, key } = await tenantWithKey();
    const e = { metric: "write_ops", value: 5, idempotency_key: "batch-1" };
    // A duplicate inside one batch is a client bug: 400 (issue 5), nothing stored.
    expectProblem(await ingest(key, [e, { ...e }]), 400, "invalid_request");
    expect(await usageRows(tenantId)).toEqual([]);
    expect((await ingest(key, [e])).status).toBe(202);
    expect((await ingest(key, [e])).body).toEqual({ accepted: 1 });
    expect((await usageRows(tenantId)).filter((r) => r.metric === "write_ops")).toHaveLength(1);
    expect((await quota(key)).body.metrics.write_ops.used).toBe(5);
    clearUsageCache(); // and the database agrees
    expect((await quota(key)).body.metrics.write_ops.used).toBe(5);
    // Keys are per tenant: another tenant may use the same one.
    const other = await tenantWithKey();
    expect((await ingest(other.key, [e])).status).toBe(202);
    expect(await usageRows(other.tenantId)).toHaveLength(1);
  });

  it("refuses with 429 quota_exceeded once a counter's usage reaches the limit (limit − 1 allows one more)", async () => {
    const { tenantId, key } = await tenantWithKey({ quotas: { api_requests_per_month: 50 } });
    await seedUsage(tenantId, "api_requests", 49);
    expect((await ingest(key, [{ metric: "api_requests", value: 1 }])).status).toBe(202);
    const r = await ingest(key, [{ metric: "api_requests", value: 1 }]);
    expectProblem(r, 429, "quota_exceeded");
    const toPeriodEnd = Math.ceil((periodOf().end - Date.now()) / 1000);
    expect(Math.abs(Number(r.headers["retry-after"]) - toPeriodEnd)).toBeLessThanOrEqual(2);
    expectRateHeaders(r);
    // Metrics without a quota, and gauges (levels), are still accepted.
    expect((await ingest(key, [{ metric: "egress_bytes", value: 10 }, { metric: "storage_bytes", value: 10 }])).status).toBe(202);
  });
});

describe("GET /api/v1/quota", () => {
  it("reports every metric's usage against the effective limits of the current month", async () => {
    const { key, tenantId } = await tenantWithKey({ plan: "free", quotas: { storage_bytes: 1000 } });
    await ingest(key, [
      { metric: "storage_bytes", value: 300, timestamp: new Date(Date.now() - 120_000).toISOString() },
      { metric: "storage_bytes", value: 200, timestamp: new Date(Date.now() - 60_000).toISOString() },
      { metric: "read_ops", value: 7 },
      { metric: "read_ops", value: 8 },
    ]);
    const r = await quota(key);
    expect(r.status).toBe(200);
    const p = periodOf();
    expect(r.body).toMatchObject({
      tenant_id: tenantId,
      plan: "free",
      period_start: new Date(p.start).toISOString(),
      period_end: new Date(p.end).toISOString(),
    });
    expect(Object.keys(r.body.metrics).sort()).toEqual(
      ["api_requests", "egress_bytes", "file_storage_bytes", "read_ops", "realtime_connections", "storage_bytes", "write_ops"].sort(),
    );
    // A gauge is its latest level; a counter the month's sum; the override beats the plan.
    expect(r.body.metrics.storage_bytes).toEqual({ used: 200, limit: 1000, remaining: 800 });
    expect(r.body.metrics.read_ops).toEqual({ used: 15, limit: null, remaining: null });
    expect(r.body.metrics.file_storage_bytes.limit).toBe(1073741824);
    expect(r.body.metrics.api_requests.limit).toBe(10000);
    expect(r.body.metrics.api_requests.used).toBe(1); // the ingest call itself
    expectRateHeaders(r);
    expect(r.headers["ratelimit-limit"]).toBe("100");
  });

  it("counts served requests and writes the counts in batches", async () => {
    const { key, tenantId } = await tenantWithKey();
    for (let i = 0; i < 5; i++) await quota(key);
    expect((await quota(key)).body.metrics.api_requests.used).toBe(5);
    await flushUsage();
    const rows = (await usageRows(tenantId)).filter((r) => r.metric === "api_requests");
    expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(6);
    clearUsageCache();
    expect((await quota(key)).body.metrics.api_requests.used).toBe(6);
    await flushLastUsed();
    const [k] = await sql<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_keys WHERE tenant_id = $1", [tenantId]);
    expect(k.last_used_at).not.toBeNull();
  });
});

describe("POST /api/v1/quota/check", () => {
  it("at limit − 1 allows one more and then refuses with Retry-After to the period's end", async () => {
    const { tenantId, key } = await tenantWithKey({ quotas: { api_requests_per_month: 100 } });
    await seedUsage(tenantId, "api_requests", 99);
    const ok = await check(key);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ allowed: true, remaining: 0, reset_at: new Date(periodOf().end).toISOString() });
    const before = Number(ok.headers["ratelimit-remaining"]);
    const no = await check(key);
    expectProblem(no, 429, "quota_exceeded");
    expect(Number(no.headers["retry-after"])).toBeGreaterThan(0);
    // The refused request took nothing from the rate window: the next one takes the next point.
    expect(Number(no.headers["ratelimit-remaining"])).toBe(before);
    const next = await quota(key);
    expect(Number(next.headers["ratelimit-remaining"])).toBe(before - 1);
    expect(next.body.metrics.api_requests.used).toBe(100);
  });

  it("checks an amount against gauges and counters, and never refuses an unlimited (null) quota", async () => {
    const { key } = await tenantWithKey({ quotas: { storage_bytes: 1000 } });
    await ingest(key, [{ metric: "storage_bytes", value: 900 }]);
    expect((await check(key, { metric: "storage_bytes", amount: 100 })).body).toMatchObject({ allowed: true, remaining: 0 });
    expectProblem(await check(key, { metric: "storage_bytes", amount: 101 }), 429, "quota_exceeded");
    expect((await check(key, { metric: "egress_bytes", amount: 1e15 })).body).toMatchObject({ allowed: true, remaining: null });

    const ent = await tenantWithKey({ plan: "enterprise" });
    expect((await check(ent.key, { metric: "api_requests", amount: 1e15 })).body).toMatchObject({ allowed: true, remaining: null });
    expect((await check(ent.key, { metric: "storage_bytes", amount: 1e15 })).status).toBe(200);
  });

  it("rejects bad bodies with 400 field errors", async () => {
    const { key } = await tenantWithKey();
    const r = await check(key, { metric: "bogus", amount: -1 });
    expectProblem(r, 400, "invalid_request");
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["amount", "metric"]);
    expectProblem(await check(key, {}), 400, "invalid_request");
    expectProblem(await check(key, []), 400, "invalid_request");
    expectProblem(await call("POST", "/api/v1/quota/check", { key, raw: "nope" }), 400, "invalid_request");
  });

  it("applies override and plan edits on the next request", async () => {
    const { tenantId, key } = await tenantWithKey({ plan: "free" });
    expect((await quota(key)).body.metrics.api_requests.limit).toBe(10000);
    await updatePlan("free", { quotas: { api_requests_per_month: 12345 } }, actor);
    try {
      expect((await quota(key)).body.metrics.api_requests.limit).toBe(12345);
      await updateTenant(tenantId, { quotas: { api_requests_per_month: 7 } }, actor);
      expect((await quota(key)).body.metrics.api_requests.limit).toBe(7);
      await updateTenant(tenantId, { quotas: { api_requests_per_month: null } }, actor);
      expect((await quota(key)).body.metrics.api_requests.limit).toBeNull();
      await updateTenant(tenantId, { plan: "pro", quotas: { requests_per_second: 3 } }, actor);
      const r = await quota(key);
      expect(r.headers["ratelimit-limit"]).toBe("3");
    } finally {
      await updatePlan("free", { quotas: { api_requests_per_month: 10000 } }, actor);
    }
  });
});

describe("rate limits", () => {
  async function burst(key: string, n: number): Promise<Reply[]> {
    return Promise.all(Array.from({ length: n }, () => check(key)));
  }

  async function exactBurst() {
    const { key } = await tenantWithKey({ quotas: { requests_per_second: 10, api_requests_per_month: null } });
    await quota(await (async () => key)()).then(() => new Promise((r) => setTimeout(r, 1100))); // warm caches; let that window pass
    let replies = await burst(key, 25);
    // A burst that straddled a window boundary is retried once in a fresh window.
    if (replies.filter((r) => r.status === 200).length !== 10) {
      await new Promise((r) => setTimeout(r, 1100));
      replies = await burst(key, 25);
    }
    const ok = replies.filter((r) => r.status === 200);
    const limited = replies.filter((r) => r.status === 429);
    expect(ok).toHaveLength(10);
    expect(limited).toHaveLength(15);
    for (const r of limited) {
      expect(r.body.code).toBe("rate_limited");
      expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(r.headers["ratelimit-remaining"]).toBe("0");
    }
    for (const r of replies) expect(r.headers["ratelimit-limit"]).toBe("10");
    expect(ok.map((r) => Number(r.headers["ratelimit-remaining"])).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The next window serves again.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await check(key)).status).toBe(200);
  }

  it("with a limit of 10/s, 25 concurrent calls yield exactly 10 successes and 15 × 429 (memory store)", exactBurst);

  it("the same with the shared PostgreSQL store", async () => {
    useRateLimitStore("postgres");
    await exactBurst();
    const [row] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM rate_limits");
    expect(row.n).toBeGreaterThan(0);
  });
});

afterAll(async () => {
  useRateLimitStore("memory");
});
