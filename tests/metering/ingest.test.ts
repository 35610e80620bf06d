// POST /api/v1/usage through the data-plane handlers on the real database: validation refuses whole
// batches (nothing stored), idempotency keys dedupe across requests for 24 h, and concurrent requests
// are group-committed (fewer statements than requests, every event present, a failed commit fails
// every request in its group and acknowledges none).
import { afterEach, describe, expect, it } from "vitest";
import { writerStatements } from "../../lib/metering/writer";
import { sql } from "../setup/db";
import { call, ingest, tenantWithKey, type Reply } from "../dataplane/helpers";

function expectInvalid(r: Reply, path: string) {
  expect(r.status).toBe(400);
  expect(r.headers["content-type"]).toBe("application/problem+json");
  expect(r.body.code).toBe("invalid_request");
  expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
}

async function rows(tenantId: string) {
  const [r] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1", [tenantId]);
  return r.n;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("ingest validation: the whole batch is refused, nothing stored", () => {
  const good = { metric: "read_ops", value: 1 };
  const cases: [string, unknown[], string][] = [
    ["an unknown metric", [good, { metric: "bananas", value: 1 }], "events[1].metric"],
    ["a negative value", [{ metric: "read_ops", value: -1 }], "events[0].value"],
    ["a string value", [{ metric: "read_ops", value: "12" }], "events[0].value"],
    ["a missing value", [{ metric: "read_ops" }], "events[0].value"],
    ["a timestamp 36 days back", [good, { ...good, timestamp: iso(Date.now() - 36 * 86_400_000) }], "events[1].timestamp"],
    ["a timestamp 10 minutes ahead", [{ ...good, timestamp: iso(Date.now() + 600_000) }], "events[0].timestamp"],
    ["a malformed timestamp", [{ ...good, timestamp: "yesterday" }], "events[0].timestamp"],
    ["an empty idempotency key", [{ ...good, idempotency_key: "" }], "events[0].idempotency_key"],
    ["a key repeated in the batch", [{ ...good, idempotency_key: "a" }, good, { ...good, idempotency_key: "a" }], "events[2].idempotency_key"],
    ["more than 1,000 events", Array.from({ length: 1001 }, () => good), "events"],
    ["no events", [], "events"],
  ];
  for (const [name, events, path] of cases) {
    it(`refuses ${name}`, async () => {
      const { tenantId, key } = await tenantWithKey();
      expect((await ingest(key, [good])).status).toBe(202);
      const before = await rows(tenantId);
      expectInvalid(await ingest(key, events), path);
      expect(await rows(tenantId)).toBe(before);
    });
  }

  it("refuses non-finite numbers, which JSON cannot carry (1e999 parses as Infinity)", async () => {
    const { tenantId, key } = await tenantWithKey();
    const r = await call("POST", "/api/v1/usage", { key, raw: '{"events":[{"metric":"read_ops","value":1e999}]}' });
    expectInvalid(r, "events[0].value");
    expect(await rows(tenantId)).toBe(0);
  });

  it("reports every bad event with its index", async () => {
    const { key } = await tenantWithKey();
    const r = await ingest(key, [{ metric: "x", value: 1 }, good, { metric: "read_ops", value: -2 }]);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["events[0].metric", "events[2].value"]);
  });

  it("accepts the edges: 1,000 events, value 0, 34 days back, 4 minutes ahead", async () => {
    const { tenantId, key } = await tenantWithKey();
    const r = await ingest(key, [
      ...Array.from({ length: 997 }, () => good),
      { metric: "read_ops", value: 0 },
      { ...good, timestamp: iso(Date.now() - 34 * 86_400_000) },
      { ...good, timestamp: iso(Date.now() + 240_000) },
    ]);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 1000 });
    expect(await rows(tenantId)).toBe(1000);
  });
});

describe("idempotency keys", () => {
  it("stores a key once across requests and tenants keep their own keys", async () => {
    const a = await tenantWithKey();
    const b = await tenantWithKey();
    const e = { metric: "write_ops", value: 3, idempotency_key: "k-1" };
    expect((await ingest(a.key, [e, { metric: "write_ops", value: 1, idempotency_key: "k-2" }])).body).toEqual({ accepted: 2 });
    expect((await ingest(a.key, [e])).body).toEqual({ accepted: 1 }); // accepted, not counted twice
    expect((await ingest(b.key, [e])).status).toBe(202);
    expect(await rows(a.tenantId)).toBe(2);
    expect(await rows(b.tenantId)).toBe(1);
  });

  it("dedupes concurrent requests carrying the same key (one group or several)", async () => {
    const { tenantId, key } = await tenantWithKey();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ingest(key, [{ metric: "write_ops", value: 1, idempotency_key: `same-${i % 4}` }])));
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(await rows(tenantId)).toBe(4);
  });

  it("counts a key again once its 24 hours are over", async () => {
    const { tenantId, key } = await tenantWithKey();
    const e = { metric: "write_ops", value: 1, idempotency_key: "old" };
    await ingest(key, [e]);
    await sql("UPDATE usage_idempotency SET created_at = now() - interval '25 hours' WHERE tenant_id = $1", [tenantId]);
    await ingest(key, [e]);
    await ingest(key, [e]); // the renewed claim counts for the next 24 h
    expect(await rows(tenantId)).toBe(2);
  });
});

describe("group commit", () => {
  afterEach(async () => {
    await sql("ALTER TABLE IF EXISTS usage_events_renamed RENAME TO usage_events");
  });

  it("writes many concurrent requests in fewer statements, every event present", async () => {
    const tenants = await Promise.all(Array.from({ length: 5 }, () => tenantWithKey()));
    const before = writerStatements();
    const requests = 100;
    const results = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        ingest(tenants[i % 5].key, Array.from({ length: 10 }, (_, j) => ({ metric: "read_ops", value: 1, idempotency_key: `g-${i}-${j}` }))),
      ),
    );
    expect(results.every((r) => r.status === 202)).toBe(true);
    const statements = writerStatements() - before;
    console.log(`[group commit] ${requests} concurrent requests → ${statements} insert statement(s)`);
    expect(statements).toBeLessThan(requests / 4);
    for (const t of tenants) expect(await rows(t.tenantId)).toBe(200);
  });

  it("fails every request of a group whose commit fails, and acknowledges none", async () => {
    const { tenantId, key } = await tenantWithKey();
    await ingest(key, [{ metric: "read_ops", value: 1 }]); // warm: tenant, key and usage in memory
    await sql("ALTER TABLE usage_events RENAME TO usage_events_renamed");
    const results = await Promise.all(Array.from({ length: 10 }, () => ingest(key, [{ metric: "read_ops", value: 1 }])));
    await sql("ALTER TABLE usage_events_renamed RENAME TO usage_events");
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(500));
    expect(results[0].body.code).toBe("internal");
    expect(await rows(tenantId)).toBe(1);
    // And the writer recovers once the database does.
    expect((await ingest(key, [{ metric: "read_ops", value: 1 }])).status).toBe(202);
    expect(await rows(tenantId)).toBe(2);
  });
});
