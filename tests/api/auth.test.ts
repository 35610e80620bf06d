// Control-plane authentication: a platform key or nothing. Every route, before anything else runs.
import { describe, expect, it } from "vitest";
import { issuePlatformKey, issueTenantKey, revokeKey } from "@/lib/keys/service";
import { createTenant } from "@/lib/tenants/service";
import { api } from "../setup/api";
import { TEST_PLATFORM_KEY } from "../setup/constants";
import { expectProblem } from "../setup/expect-problem";
import { sql } from "../setup/db";
import { writeSnapshot } from "../setup/snapshot";

const VALID_BODY = { name: "Auth Probe", isolation: "shared" };

describe("control-plane auth", async () => {
  const t = await createTenant({ name: "Auth Target", isolation: "shared" }, { type: "system" });

  const calls = {
    "POST /tenants": (authorization: string | null) => api.create(VALID_BODY, { authorization }),
    "GET /tenants": (authorization: string | null) => api.list({}, { authorization }),
    "GET /tenants/{id}": (authorization: string | null) => api.get(t.id, { authorization }),
    "PATCH /tenants/{id}": (authorization: string | null) => api.patch(t.id, { name: "Hijacked", status: "suspended" }, { authorization }),
    "DELETE /tenants/{id}": (authorization: string | null) => api.delete(t.id, { authorization }),
  };

  const refused: [string, string | null, number, string][] = [
    ["no Authorization header", null, 401, "unauthorized"],
    ["an empty header", "", 401, "unauthorized"],
    ["a wrong key", `Bearer ${"w".repeat(40)}`, 401, "unauthorized"],
    ["the key with one character changed", `Bearer ${TEST_PLATFORM_KEY.slice(0, -1)}X`, 401, "unauthorized"],
    ["a prefix of the key", `Bearer ${TEST_PLATFORM_KEY.slice(0, 32)}`, 401, "unauthorized"],
    ["the key with the wrong scheme", `Basic ${TEST_PLATFORM_KEY}`, 401, "unauthorized"],
    ["the key without a scheme", TEST_PLATFORM_KEY, 401, "unauthorized"],
    ["a tenant key", `Bearer tk_${"a".repeat(40)}`, 403, "forbidden"],
  ];

  for (const [route, call] of Object.entries(calls)) {
    it.each(refused)(`${route} with %s → %i`, async (_what, authorization, status, code) => {
      const before = await writeSnapshot();
      const res = await call(authorization);
      await expectProblem(res, status, code);
      if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await writeSnapshot()).toEqual(before);
    });
  }

  it("the tenant is untouched by every refused call", async () => {
    const res = await api.get(t.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "Auth Target", status: "active" });
  });

  it("auth comes before the body: no key and an oversize body is 401, not 413", async () => {
    await expectProblem(await api.create(undefined, { authorization: null, raw: "x".repeat(2 * 1024 * 1024) }), 401, "unauthorized");
  });

  it("the platform key works, with the scheme in any case", async () => {
    expect((await api.get(t.id, { authorization: `Bearer ${TEST_PLATFORM_KEY}` })).status).toBe(200);
    expect((await api.get(t.id, { authorization: `bearer ${TEST_PLATFORM_KEY}` })).status).toBe(200);
    const res = await api.list({ limit: "1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("with no platform key configured, every key is refused", async () => {
    const saved = process.env.TENANTRY_PLATFORM_KEY;
    process.env.TENANTRY_PLATFORM_KEY = "too-short";
    try {
      await expectProblem(await api.get(t.id, { authorization: "Bearer too-short" }), 401, "unauthorized");
      await expectProblem(await api.get(t.id, { authorization: `Bearer ${saved}` }), 401, "unauthorized");
    } finally {
      process.env.TENANTRY_PLATFORM_KEY = saved;
    }
  });

  it("an issued platform key (tpk_) works until it is revoked or expires; an issued tenant key is 403", async () => {
    const issued = await issuePlatformKey({ name: "CI" }, { type: "system" });
    expect(issued.key).toMatch(/^tpk_/);
    const auth = `Bearer ${issued.key}`;
    expect((await api.get(t.id, { authorization: auth })).status).toBe(200);
    // Changes made with it are audit-logged as that key.
    expect((await api.patch(t.id, { metadata: { via: "tpk" } }, { authorization: auth })).status).toBe(200);
    const [entry] = await sql<{ actor_type: string; actor_id: string }>(
      "SELECT actor_type, actor_id FROM public.audit_log WHERE tenant_id = $1 AND action = 'tenant.updated' ORDER BY id DESC LIMIT 1",
      [t.id],
    );
    expect(entry).toEqual({ actor_type: "platform_key", actor_id: issued.id });

    await revokeKey(null, issued.id, { type: "system" });
    await expectProblem(await api.get(t.id, { authorization: auth }), 401, "unauthorized");

    const expiring = await issuePlatformKey({ name: "Short-lived" }, { type: "system" });
    expect((await api.get(t.id, { authorization: `Bearer ${expiring.key}` })).status).toBe(200);
    await sql("UPDATE public.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [expiring.id]);
    const { clearKeyCache } = await import("@/lib/keys/verify");
    clearKeyCache(); // another instance's cache would see the expiry within its TTL; this one re-reads now
    await expectProblem(await api.get(t.id, { authorization: `Bearer ${expiring.key}` }), 401, "unauthorized");

    const tenantKey = await issueTenantKey(t.id, { name: "Data plane" }, { type: "system" });
    await expectProblem(await api.get(t.id, { authorization: `Bearer ${tenantKey.key}` }), 403, "forbidden");
    // Shaped like a platform key, but the checksum is wrong or it was never issued.
    await expectProblem(await api.get(t.id, { authorization: `Bearer ${issued.key.slice(0, -1)}x` }), 401, "unauthorized");
    await expectProblem(await api.get(t.id, { authorization: "Bearer tpk_nope" }), 401, "unauthorized");
  });
});
