// Hostile and broken input: always a 4xx problem with per-field errors where fields are at fault,
// never a 500, and nothing written — no tenant row, audit entry, schema or database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/tenants/route";
import { api } from "../setup/api";
import { TEST_PLATFORM_KEY } from "../setup/constants";
import { expectProblem } from "../setup/expect-problem";
import { apiRequest, BASE, routeParams } from "../setup/http";
import { writeSnapshot, type WriteSnapshot } from "../setup/snapshot";

const none = routeParams({} as Record<string, never>);
let before: WriteSnapshot;

beforeEach(async () => {
  before = await writeSnapshot();
});
afterEach(async () => {
  expect(await writeSnapshot()).toEqual(before);
});

const MIB = 1024 * 1024;

describe("POST /api/v1/tenants body", () => {
  it("malformed JSON → 400", async () => {
    const p = await expectProblem(await api.create(undefined, { raw: '{"name": "Acme",' }), 400, "invalid_request");
    expect(p.errors).toEqual([{ path: "", message: "Malformed JSON." }]);
  });

  it("empty body → 400", async () => {
    await expectProblem(await api.create(undefined, { raw: "" }), 400, "invalid_request");
    await expectProblem(await collection.POST(apiRequest("POST", "/api/v1/tenants"), none), 400, "invalid_request");
  });

  it.each([["null"], ["[]"], ['"acme"'], ["42"], ["{}"]])("JSON that is not a tenant (%s) → 400", async (raw) => {
    const p = await expectProblem(await api.create(undefined, { raw }), 400, "invalid_request");
    expect(p.errors?.length).toBeGreaterThan(0);
  });

  it("a body over 1 MiB → 413, whether declared or streamed", async () => {
    const big = JSON.stringify({ name: "Big", metadata: { blob: "x".repeat(MIB) } });
    await expectProblem(await api.create(undefined, { raw: big }), 413, "payload_too_large");
    await expectProblem(
      await api.create(undefined, { raw: big, headers: { "content-length": String(Buffer.byteLength(big)) } }),
      413,
      "payload_too_large",
    );
    // Chunked, with no length announced: the reader stops at the limit instead of buffering it all.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * MIB) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const req = new Request(`${BASE}/api/v1/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_PLATFORM_KEY}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectProblem(await collection.POST(req, none), 413, "payload_too_large");
    expect(sent).toBeLessThan(2 * MIB);
  });

  it("a body of exactly 1 MiB is read (and judged on its fields)", async () => {
    const prefix = '{"name": 5, "pad": "';
    const raw = prefix + "x".repeat(MIB - prefix.length - 2) + '"}';
    expect(Buffer.byteLength(raw)).toBe(MIB);
    const p = await expectProblem(await api.create(undefined, { raw }), 400, "invalid_request");
    expect(p.errors?.map((e) => e.path)).toEqual(["name"]);
  });

  it("wrong types → 400 with one error per field", async () => {
    const p = await expectProblem(
      await api.create({ name: 5, plan: "gold", isolation: "x", metadata: "str", region: "Mars Base!" }),
      400,
      "invalid_request",
    );
    const byPath = Object.fromEntries((p.errors ?? []).map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(["isolation", "metadata", "name", "plan", "region"]);
    expect(byPath.plan).toMatch(/free, pro, enterprise/);
    expect(byPath.isolation).toMatch(/shared, schema, database/);
  });

  it.each([
    ["a'; drop table tenants;--"],
    [".."],
    ["ACME"],
    ["a"],
    ["ácme"],
    ["a".repeat(41)],
    ["acme-"],
    ["-acme"],
    ["1acme"],
    ["acme corp"],
    ["t_abc; select pg_sleep(5)"],
    [""],
  ])("slug %j → 400 on `slug`", async (slug) => {
    const p = await expectProblem(await api.create({ name: "Acme", slug }), 400, "invalid_request");
    expect(p.errors?.map((e) => e.path)).toEqual(["slug"]);
  });

  it("a slug of exactly 40 characters is fine, and the name is stored verbatim even when it looks like SQL", async () => {
    const slug = `s${Date.now().toString(36)}`.padEnd(40, "x");
    const name = "Robert'); DROP TABLE tenants;--";
    const res = await api.create({ name, slug, isolation: "shared" });
    expect(res.status).toBe(201);
    const t = await res.json();
    expect(t).toMatchObject({ name, slug });
    const { deleteTenant } = await import("@/lib/tenants/service");
    await deleteTenant(t.id, { type: "system" });
    // This test does write: the snapshot comparison is for the failures above.
    before = await writeSnapshot();
  });

  it("database_url is only for the database tier", async () => {
    const p = await expectProblem(
      await api.create({ name: "Acme", isolation: "schema", database_url: "postgresql://elsewhere/x" }),
      400,
      "invalid_request",
    );
    expect(p.errors?.map((e) => e.path)).toEqual(["database_url"]);
  });
});

describe("PATCH /api/v1/tenants/{id} body", () => {
  it("wrong types → 400 per field, and the tenant is unchanged", async () => {
    const { createTenant, getTenant } = await import("@/lib/tenants/service");
    const t = await createTenant({ name: "Patch Target", isolation: "shared" }, { type: "system" });
    before = await writeSnapshot();
    const p = await expectProblem(
      await api.patch(t.id, { name: 5, plan: "gold", status: "deleted", quotas: "lots", metadata: [1] }),
      400,
      "invalid_request",
    );
    expect((p.errors ?? []).map((e) => e.path).sort()).toEqual(["metadata", "name", "plan", "quotas", "status"]);
    await expectProblem(await api.patch(t.id, undefined, { raw: "{nope" }), 400, "invalid_request");
    await expectProblem(await api.patch(t.id, undefined, { raw: "[]" }), 400, "invalid_request");
    expect(await getTenant(t.id)).toEqual(t);
  });
});

describe("ids in the path", () => {
  it.each([
    ["' OR 1=1 --"],
    ["ten_' or '1'='1"],
    ["../../etc/passwd"],
    ["ten_AAAAAAAAAAAAAAAAAAAA"],
    ["ten_aaaaaaaaaaaaaaaaaaaaa"],
    ["ten_aaaaaaaaaaaaaaaaaaa1"],
    ["key_aaaaaaaaaaaaaaaaaaaa"],
    ["tén_aaaaaaaaaaaaaaaaaaaa"],
    ["acme-corp"],
    [""],
    ["ten_aaaaaaaaaaaaaaaaaaaa"], // well-formed, matches nothing
  ])("%j → 404 for GET, PATCH and DELETE", async (id) => {
    await expectProblem(await api.get(id), 404, "not_found");
    await expectProblem(await api.patch(id, { name: "x" }), 404, "not_found");
    await expectProblem(await api.delete(id), 404, "not_found");
  });
});

describe("list query", () => {
  it.each([
    [{ limit: "0" }, "limit"],
    [{ limit: "201" }, "limit"],
    [{ limit: "abc" }, "limit"],
    [{ limit: "1.5" }, "limit"],
    [{ limit: "-1" }, "limit"],
    [{ status: "bogus" }, "status"],
    [{ plan: "gold" }, "plan"],
    [{ q: "x".repeat(101) }, "q"],
    [{ cursor: "not-a-cursor" }, "cursor"],
    [{ cursor: Buffer.from("2026-01-01T00:00:00.000Z|' or 1=1").toString("base64url").slice(0, 2) }, "cursor"],
  ])("%j → 400 on %s", async (query, path) => {
    const p = await expectProblem(await api.list(query), 400, "invalid_request");
    expect(p.errors?.map((e) => e.path)).toContain(path);
  });

  it("limits 1 and 200 are fine", async () => {
    expect((await api.list({ limit: "1" })).status).toBe(200);
    expect((await api.list({ limit: "200" })).status).toBe(200);
  });
});
