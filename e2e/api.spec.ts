// The control-plane REST API over real HTTP against the built server, written to /work/shared/API.md:
// the tenant lifecycle end to end, then every way a request can be refused.
import http from "node:http";
import { api, BASE_URL, expect, PLATFORM_KEY, test, uniqueSlug, type TenantJson } from "./fixtures";
import type { APIResponse } from "@playwright/test";

const PROBLEM = "application/problem+json";

/** Asserts an RFC 9457 problem+json reply with the contract's code; returns the body. */
async function expectProblem(res: APIResponse, status: number, code: string) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  expect(res.headers()["content-type"]).toContain(PROBLEM);
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  return body as { code: string; status: number; detail: string; errors?: { path: string; message: string }[] };
}

/** How many live tenants match a search: for "nothing was written" checks. */
async function countMatching(client: ReturnType<typeof api>, q: string): Promise<number> {
  const res = await client.get("/tenants", { q, limit: 200 });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: unknown[] }).data.length;
}

test.describe("tenant lifecycle", () => {
  test.describe.configure({ mode: "serial" });
  let tenant: TenantJson;
  const slug = uniqueSlug("life");

  test("POST /tenants creates an active schema-tier tenant (201)", async ({ request }) => {
    const res = await api(request).post("/tenants", { name: "Lifecycle Co", slug, plan: "pro", metadata: { crm_id: "42" } });
    expect(res.status(), await res.text()).toBe(201);
    expect(res.headers()["content-type"]).toContain("application/json");
    tenant = await res.json();
    expect(tenant.id).toMatch(/^ten_/);
    expect(tenant).toMatchObject({ slug, name: "Lifecycle Co", plan: "pro", status: "active", isolation: "schema", region: "local", metadata: { crm_id: "42" } });
    expect(Object.keys(tenant.quotas)).toEqual(
      expect.arrayContaining(["api_requests_per_month", "storage_bytes", "file_storage_bytes", "realtime_connections", "requests_per_second"]),
    );
    expect(new Date(tenant.created_at).toISOString()).toBe(tenant.created_at);
    expect(new Date(tenant.updated_at).toISOString()).toBe(tenant.updated_at);
  });

  test("GET /tenants/{id} returns it", async ({ request }) => {
    const res = await api(request).get(`/tenants/${tenant.id}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual(tenant);
  });

  test("GET /tenants lists it, and the filters narrow the list", async ({ request }) => {
    const client = api(request);
    const ids = async (params: Record<string, string | number>) => {
      const res = await client.get("/tenants", params);
      expect(res.status(), await res.text()).toBe(200);
      const body = await res.json();
      expect(body).toHaveProperty("next_cursor");
      return (body.data as TenantJson[]).map((t) => t.id);
    };
    expect(await ids({ limit: 200 })).toContain(tenant.id);
    expect(await ids({ q: slug })).toEqual([tenant.id]);
    expect(await ids({ q: "LIFECYCLE co", limit: 200 })).toContain(tenant.id); // name search ignores case
    expect(await ids({ q: slug, plan: "pro" })).toEqual([tenant.id]);
    expect(await ids({ q: slug, plan: "enterprise" })).toEqual([]);
    expect(await ids({ q: slug, status: "active" })).toEqual([tenant.id]);
    expect(await ids({ q: slug, status: "suspended" })).toEqual([]);
  });

  test("PATCH /tenants/{id} changes name, plan, quotas and metadata", async ({ request }) => {
    const res = await api(request).patch(`/tenants/${tenant.id}`, {
      name: "Lifecycle Renamed",
      plan: "enterprise",
      quotas: { requests_per_second: 77 },
      metadata: { crm_id: "43" },
    });
    expect(res.status(), await res.text()).toBe(200);
    const updated: TenantJson = await res.json();
    expect(updated).toMatchObject({ id: tenant.id, slug, name: "Lifecycle Renamed", plan: "enterprise", status: "active", metadata: { crm_id: "43" } });
    expect(updated.quotas.requests_per_second).toBe(77);
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(tenant.updated_at));
    // The change is stored, not just echoed.
    expect(await (await api(request).get(`/tenants/${tenant.id}`)).json()).toMatchObject({ name: "Lifecycle Renamed", plan: "enterprise" });
    tenant = updated;
  });

  test("PATCH status suspends and resumes", async ({ request }) => {
    const client = api(request);
    const suspended = await client.patch(`/tenants/${tenant.id}`, { status: "suspended" });
    expect(suspended.status(), await suspended.text()).toBe(200);
    expect((await suspended.json()).status).toBe("suspended");
    const listed = await (await client.get("/tenants", { q: slug, status: "suspended" })).json();
    expect(listed.data.map((t: TenantJson) => t.id)).toEqual([tenant.id]);

    const resumed = await client.patch(`/tenants/${tenant.id}`, { status: "active" });
    expect(resumed.status(), await resumed.text()).toBe(200);
    expect((await resumed.json()).status).toBe("active");
    expect((await (await client.get(`/tenants/${tenant.id}`)).json()).status).toBe("active");
  });

  test("PATCH status to anything but active/suspended is 400 and changes nothing", async ({ request }) => {
    const client = api(request);
    for (const status of ["deleted", "provisioning", "paused"]) {
      const body = await expectProblem(await client.patch(`/tenants/${tenant.id}`, { status }), 400, "invalid_request");
      expect(body.errors?.map((e) => e.path)).toContain("status");
    }
    expect((await (await client.get(`/tenants/${tenant.id}`)).json()).status).toBe("active");
  });

  test("DELETE /tenants/{id} answers the tenant with status deleted, then it is 404 everywhere", async ({ request }) => {
    const client = api(request);
    const res = await client.delete(`/tenants/${tenant.id}`);
    expect(res.status(), await res.text()).toBe(200);
    expect(await res.json()).toMatchObject({ id: tenant.id, status: "deleted" });

    await expectProblem(await client.get(`/tenants/${tenant.id}`), 404, "not_found");
    await expectProblem(await client.patch(`/tenants/${tenant.id}`, { name: "Back from the dead" }), 404, "not_found");
    await expectProblem(await client.patch(`/tenants/${tenant.id}`, { status: "active" }), 404, "not_found");
    await expectProblem(await client.delete(`/tenants/${tenant.id}`), 404, "not_found");
    expect(await countMatching(client, slug)).toBe(0);
  });
});

test.describe("listing", () => {
  test("cursor pagination walks every match once, newest first", async ({ request }) => {
    const client = api(request);
    const prefix = uniqueSlug("page");
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await client.createTenant({ name: `Paged ${i}`, slug: `${prefix}-${i}` })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: APIResponse = await client.get("/tenants", { q: prefix, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status(), await res.text()).toBe(200);
      const body = (await res.json()) as { data: TenantJson[]; next_cursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((t) => t.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  test("limit accepts 1–200 only", async ({ request }) => {
    const client = api(request);
    const ok = await client.get("/tenants", { limit: 1 });
    expect(ok.status()).toBe(200);
    expect((await ok.json()).data.length).toBeLessThanOrEqual(1);
    for (const limit of ["0", "201", "-1", "abc", "2.5"]) {
      const body = await expectProblem(await client.get("/tenants", { limit }), 400, "invalid_request");
      expect(body.errors?.map((e) => e.path)).toContain("limit");
    }
  });

  test("unknown filter values and a forged cursor are 400", async ({ request }) => {
    const client = api(request);
    await expectProblem(await client.get("/tenants", { status: "bogus" }), 400, "invalid_request");
    await expectProblem(await client.get("/tenants", { plan: "platinum" }), 400, "invalid_request");
    await expectProblem(await client.get("/tenants", { cursor: "not-a-cursor" }), 400, "invalid_request");
  });

  test("the seeded demo tenants are listed", async ({ request }) => {
    const res = await api(request).get("/tenants", { limit: 200 });
    const slugs = ((await res.json()).data as TenantJson[]).map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(["acme-corp", "globex", "initech"]));
  });
});

test.describe("creating tenants: validation and conflicts", () => {
  test("a slug is derived from the name when absent", async ({ request }) => {
    const name = `Derived ${uniqueSlug("x")} Inc!`;
    const t = await api(request).createTenant({ name });
    expect(t.slug).toMatch(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/);
    expect(t.slug).toContain("derived-");
    expect(t).toMatchObject({ plan: "free", isolation: "schema", status: "active" });
  });

  test("a taken slug is 409 and the first tenant is untouched", async ({ request }) => {
    const client = api(request);
    const slug = uniqueSlug("dup");
    const first = await client.createTenant({ name: "First", slug });
    await expectProblem(await client.post("/tenants", { name: "Second", slug }), 409, "conflict");
    expect((await (await client.get(`/tenants/${first.id}`)).json()).name).toBe("First");
    expect(await countMatching(client, slug)).toBe(1);
  });

  test("a bad slug is 400 with a per-field error, and nothing is written", async ({ request }) => {
    const client = api(request);
    const name = `Bad slug ${uniqueSlug("n")}`;
    for (const slug of ["Bad_Slug!", "ab", "-leading", "trailing-", "1starts-with-digit", "x".repeat(41), "robert'); drop table tenants;--"]) {
      const body = await expectProblem(await client.post("/tenants", { name, slug }), 400, "invalid_request");
      expect(body.errors, slug).toEqual(expect.arrayContaining([expect.objectContaining({ path: "slug", message: expect.any(String) })]));
    }
    expect(await countMatching(client, name)).toBe(0);
  });

  test("wrong types and unknown enum values are 400, one error per field", async ({ request }) => {
    const client = api(request);
    const body = await expectProblem(await client.post("/tenants", { name: 123, plan: "platinum", isolation: "cluster" }), 400, "invalid_request");
    expect(body.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(["name", "plan", "isolation"]));
    await expectProblem(await client.post("/tenants", {}), 400, "invalid_request");
    await expectProblem(await client.post("/tenants", { name: "   " }), 400, "invalid_request");
    await expectProblem(await client.post("/tenants", { name: "Meta", metadata: ["not", "an", "object"] }), 400, "invalid_request");
  });

  test("malformed JSON is 400 with errors, never a 500", async ({ request }) => {
    const client = api(request);
    for (const raw of ['{"name": "Half', "not json at all", "", "[1,2", '{"name": "x",}']) {
      const body = await expectProblem(await client.raw("POST", "/tenants", raw), 400, "invalid_request");
      expect(Array.isArray(body.errors)).toBe(true);
    }
    const patch = await client.raw("PATCH", "/tenants/ten_doesnotmatter", "{oops");
    expect([400, 404]).toContain(patch.status());
    expect(patch.headers()["content-type"]).toContain(PROBLEM);
  });

  test("a 2 MiB body is 413 and nothing is written", async ({ request }) => {
    const client = api(request);
    const name = `Huge ${uniqueSlug("n")}`;
    const huge = JSON.stringify({ name, metadata: { blob: "x".repeat(2 * 1024 * 1024) } });
    await expectProblem(await client.raw("POST", "/tenants", huge), 413, "payload_too_large");
    expect(await countMatching(client, name)).toBe(0);
  });

  test("a 2 MiB body sent chunked (no Content-Length) is 413 too", async () => {
    const name = `Chunked ${uniqueSlug("n")}`;
    const { status, contentType, body } = await new Promise<{ status: number; contentType: string; body: string }>((resolve, reject) => {
      const req = http.request(
        `${BASE_URL}/api/v1/tenants`,
        { method: "POST", headers: { authorization: `Bearer ${PLATFORM_KEY}`, "content-type": "application/json", "transfer-encoding": "chunked" } },
        (res) => {
          let data = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (data += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]), body: data }));
        },
      );
      // The server may answer and close before reading everything; that is the point, not an error.
      req.on("error", (e) => reject(e));
      req.write(`{"name": ${JSON.stringify(name)}, "metadata": {"blob": "`);
      const chunk = "y".repeat(64 * 1024);
      for (let i = 0; i < 32; i++) req.write(chunk);
      req.end('"}}');
    });
    expect(status, body).toBe(413);
    expect(contentType).toContain(PROBLEM);
    expect(JSON.parse(body).code).toBe("payload_too_large");
  });

  test("an unknown tenant id is 404 problem+json", async ({ request }) => {
    const client = api(request);
    await expectProblem(await client.get("/tenants/ten_doesnotexist0000000000"), 404, "not_found");
    await expectProblem(await client.get("/tenants/not-even-an-id"), 404, "not_found");
  });
});

test.describe("authentication", () => {
  const routes: Array<[string, (c: ReturnType<typeof api>) => Promise<APIResponse>]> = [
    ["GET /tenants", (c) => c.get("/tenants")],
    ["POST /tenants", (c) => c.post("/tenants", { name: "Should not exist" })],
    ["GET /tenants/{id}", (c) => c.get("/tenants/ten_doesnotexist0000000000")],
    ["PATCH /tenants/{id}", (c) => c.patch("/tenants/ten_doesnotexist0000000000", { name: "x" })],
    ["DELETE /tenants/{id}", (c) => c.delete("/tenants/ten_doesnotexist0000000000")],
  ];

  for (const [name, call] of routes) {
    test(`${name}: no key is 401, a wrong key is 401, a tenant key is 403`, async ({ request }) => {
      await expectProblem(await call(api(request, null)), 401, "unauthorized");
      await expectProblem(await call(api(request, "wrong-key-wrong-key-wrong-key-wrong-key")), 401, "unauthorized");
      await expectProblem(await call(api(request, `${PLATFORM_KEY}x`)), 401, "unauthorized");
      await expectProblem(await call(api(request, "tk_live_0123456789abcdefghijklmnopqrstuvwxyz")), 403, "forbidden");
    });
  }

  test("a tenant key issued through the API is 403 on every control-plane route, and works on the data plane", async ({ request }) => {
    const client = api(request);
    const tenant = await client.createTenant({ name: "Key holder", slug: uniqueSlug("keys") });
    const issued = await client.post(`/tenants/${tenant.id}/keys`, { name: "e2e" });
    expect(issued.status(), await issued.text()).toBe(201);
    const { key } = (await issued.json()) as { key: string };
    expect(key).toMatch(/^tk_/);
    const asTenant = api(request, key);
    for (const [, call] of routes) await expectProblem(await call(asTenant), 403, "forbidden");
    await expectProblem(await asTenant.get(`/tenants/${tenant.id}`), 403, "forbidden");
    expect((await asTenant.get("/quota")).status()).toBe(200);
  });

  test("an issued platform key works on the control plane and is 403 on the data plane", async ({ request }) => {
    const issued = await api(request).post("/platform-keys", { name: `e2e ${uniqueSlug("pk")}` });
    expect(issued.status(), await issued.text()).toBe(201);
    const { key } = (await issued.json()) as { key: string };
    const asPlatform = api(request, key);
    expect((await asPlatform.get("/tenants", { limit: 1 })).status()).toBe(200);
    await expectProblem(await asPlatform.get("/quota"), 403, "forbidden");
    await expectProblem(await asPlatform.post("/quota/check", { metric: "api_requests" }), 403, "forbidden");
  });

  test("the bootstrap platform key (TENANTRY_PLATFORM_KEY) is 403 on the data plane too", async ({ request }) => {
    // API.md: a platform key — from the admin UI or from TENANTRY_PLATFORM_KEY — never acts as a tenant (403).
    await expectProblem(await api(request).get("/quota"), 403, "forbidden");
  });

  test("a malformed Authorization header is 401", async ({ request }) => {
    for (const authorization of [`Basic ${Buffer.from("admin:pw").toString("base64")}`, "Bearer", `Token ${PLATFORM_KEY}`, PLATFORM_KEY]) {
      await expectProblem(await request.get("/api/v1/tenants", { headers: { authorization } }), 401, "unauthorized");
    }
  });

  test("auth is checked before the body: an unauthenticated bad body is 401, and nothing is written", async ({ request }) => {
    const name = `Unauth ${uniqueSlug("n")}`;
    const res = await request.post("/api/v1/tenants", { headers: { "content-type": "application/json" }, data: "{broken" });
    await expectProblem(res, 401, "unauthorized");
    await expectProblem(await api(request, null).post("/tenants", { name }), 401, "unauthorized");
    expect(await countMatching(api(request), name)).toBe(0);
  });
});

test.describe("contract document", () => {
  test("GET /api/v1/openapi.json is an OpenAPI 3.1 document describing the tenant routes", async ({ request }) => {
    const res = await request.get("/api/v1/openapi.json");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("json");
    const doc = await res.json();
    expect(String(doc.openapi)).toMatch(/^3\.1\./);
    const paths = Object.keys(doc.paths ?? {});
    expect(paths.some((p) => p.endsWith("/tenants"))).toBe(true);
    expect(paths.some((p) => p.endsWith("/tenants/{id}"))).toBe(true);
  });
});
