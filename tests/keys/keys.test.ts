// API keys: the secret's format and checksum, issue/verify/revoke/rotate against the real database,
// and revocation reaching another instance's cache through LISTEN/NOTIFY.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeNotice, changeListenerConnected, startChangeListener, stopChangeListener } from "../../lib/db/changes";
import { issuePlatformKey, issueTenantKey, listKeys, revokeKey, rotateKey } from "../../lib/keys/service";
import { checkSecret, displayStart, generateSecret, hashSecret } from "../../lib/keys/secret";
import { clearKeyCache, flushLastUsed, noteKeyUsed, verifyCached, verifyKey } from "../../lib/keys/verify";
import { createTenant, deleteTenant } from "../../lib/tenants/service";
import { sql } from "../setup/db";

const actor = { type: "system", label: "keys test" } as const;

async function rejects(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toMatchObject({ code });
}

async function waitFor(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("key secrets", () => {
  it("have the documented shape and a checksum that catches typos", () => {
    const tk = generateSecret("tenant");
    const tpk = generateSecret("platform");
    expect(tk).toMatch(/^tk_[0-9A-Za-z]{36}$/);
    expect(tpk).toMatch(/^tpk_[0-9A-Za-z]{36}$/);
    expect(checkSecret(tk)).toBe("tenant");
    expect(checkSecret(tpk)).toBe("platform");
    // Every single-character substitution in the random part is caught by the checksum.
    let caught = 0;
    for (let i = 3; i < tk.length - 6; i++) {
      const c = tk[i] === "a" ? "b" : "a";
      if (checkSecret(tk.slice(0, i) + c + tk.slice(i + 1)) === null) caught++;
    }
    expect(caught).toBe(tk.length - 9);
    expect(checkSecret(tk.slice(0, -1))).toBeNull();
    expect(checkSecret(`${tk}x`)).toBeNull();
    expect(checkSecret("tk_" + "a".repeat(36))).toBeNull();
    expect(checkSecret("")).toBeNull();
    expect(displayStart(tk)).toBe(tk.slice(0, 9));
  });

  it("are distinct (at least 128 bits of randomness)", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateSecret("tenant")));
    expect(seen.size).toBe(2000);
  });
});

describe("issuing and verifying keys", () => {
  let tenantId: string;

  beforeAll(async () => {
    tenantId = (await createTenant({ name: "Keys Test", slug: "keys-test" }, actor)).id;
  });

  it("stores only the hash and a display start, and returns the secret once", async () => {
    const issued = await issueTenantKey(tenantId, { name: "ci", scopes: ["usage:write"] }, actor);
    expect(issued.key).toMatch(/^tk_/);
    const rows = await sql<{ hash: string; start: string }>("SELECT hash, start FROM api_keys WHERE id = $1", [issued.id]);
    expect(rows[0].hash).toBe(hashSecret(issued.key));
    expect(rows[0].start).toBe(issued.key.slice(0, 9));
    const all = JSON.stringify(await sql("SELECT * FROM api_keys WHERE id = $1", [issued.id]));
    expect(all).not.toContain(issued.key);
    const listed = await listKeys(tenantId);
    expect(listed.find((k) => k.id === issued.id)).toMatchObject({ name: "ci", scopes: ["usage:write"] });
    expect(JSON.stringify(listed)).not.toContain(issued.key);
  });

  it("verifies a live key and refuses malformed, unknown and revoked ones", async () => {
    const issued = await issueTenantKey(tenantId, { name: "live" }, actor);
    const v = await verifyKey(issued.key);
    expect(v).toMatchObject({ id: issued.id, kind: "tenant", tenantId });
    expect([...v.scopes].sort()).toEqual(["quota:read", "usage:read", "usage:write"]);
    expect(verifyCached(issued.key)?.id).toBe(issued.id);
    await rejects(verifyKey("tk_nope"), "unauthorized");
    await rejects(verifyKey(generateSecret("tenant")), "unauthorized");
    await revokeKey(tenantId, issued.id, actor);
    // Refused on the very next request, without waiting for a cache to expire.
    await rejects(verifyKey(issued.key), "unauthorized");
    await rejects(revokeKey(tenantId, issued.id, actor), "not_found");
  });

  it("refuses an expired key", async () => {
    const issued = await issueTenantKey(tenantId, { name: "short", expires_at: new Date(Date.now() + 60_000).toISOString() }, actor);
    await verifyKey(issued.key);
    await rejects(verifyKey(issued.key, Date.now() + 61_000), "unauthorized");
  });

  it("rejects bad input with field errors", async () => {
    await expect(issueTenantKey(tenantId, { name: "", scopes: ["admin"] }, actor)).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: expect.arrayContaining([expect.objectContaining({ path: "name" }), expect.objectContaining({ path: "scopes[0]" })]) },
    });
    await rejects(issueTenantKey(tenantId, { name: "x", expires_at: "2001-01-01T00:00:00Z" }, actor), "invalid_request");
    await rejects(issueTenantKey("ten_doesnotexist234567abcd", { name: "x" }, actor), "not_found");
  });

  it("rotates: the new secret works; the old one stops at once, or after the grace period", async () => {
    const first = await issueTenantKey(tenantId, { name: "rotating", scopes: ["quota:read"] }, actor);
    const second = await rotateKey(tenantId, first.id, { grace_seconds: 0 }, actor);
    expect(second.rotated_from_id).toBe(first.id);
    expect(second.scopes).toEqual(["quota:read"]);
    await rejects(verifyKey(first.key), "unauthorized");
    expect((await verifyKey(second.key)).id).toBe(second.id);

    const third = await rotateKey(tenantId, second.id, { grace_seconds: 3600 }, actor);
    expect((await verifyKey(second.key)).id).toBe(second.id); // still inside the grace period
    await rejects(verifyKey(second.key, Date.now() + 3601_000), "unauthorized");
    expect((await verifyKey(third.key)).id).toBe(third.id);
  });

  it("writes last-used times in batches", async () => {
    const issued = await issueTenantKey(tenantId, { name: "used" }, actor);
    noteKeyUsed(issued.id, Date.parse("2026-11-01T10:00:00Z"));
    noteKeyUsed(issued.id, Date.parse("2026-11-01T10:00:05Z"));
    expect(await flushLastUsed()).toBe(1);
    const [row] = await sql<{ last_used_at: Date }>("SELECT last_used_at FROM api_keys WHERE id = $1", [issued.id]);
    expect(row.last_used_at.toISOString()).toBe("2026-11-01T10:00:05.000Z");
    // An older note never moves the time back.
    noteKeyUsed(issued.id, Date.parse("2026-10-01T00:00:00Z"));
    await flushLastUsed();
    const [again] = await sql<{ last_used_at: Date }>("SELECT last_used_at FROM api_keys WHERE id = $1", [issued.id]);
    expect(again.last_used_at.toISOString()).toBe("2026-11-01T10:00:05.000Z");
  });

  it("keeps platform keys apart from tenant keys", async () => {
    const p = await issuePlatformKey({ name: "backend" }, actor);
    expect(p.key).toMatch(/^tpk_/);
    expect(await verifyKey(p.key)).toMatchObject({ kind: "platform", tenantId: null });
    expect((await listKeys(null)).map((k) => k.id)).toContain(p.id);
    expect((await listKeys(tenantId)).map((k) => k.id)).not.toContain(p.id);
    await rejects(revokeKey(tenantId, p.id, actor), "not_found");
  });

  it("has no keys for a deleted tenant", async () => {
    const t = await createTenant({ name: "Gone Soon", slug: "gone-soon" }, actor);
    await issueTenantKey(t.id, { name: "k" }, actor);
    await deleteTenant(t.id, actor);
    await rejects(listKeys(t.id), "not_found");
    await rejects(issueTenantKey(t.id, { name: "k2" }, actor), "not_found");
  });
});

describe("revocation across instances", () => {
  beforeAll(async () => {
    await startChangeListener();
  });
  afterAll(async () => {
    await stopChangeListener();
  });

  it("drops a key from this instance's cache when another instance revokes it", async () => {
    const t = await createTenant({ name: "Other Instance", slug: "other-instance" }, actor);
    const issued = await issueTenantKey(t.id, { name: "shared" }, actor);
    clearKeyCache();
    await waitFor(changeListenerConnected);
    await verifyKey(issued.key);
    expect(verifyCached(issued.key)).toBeDefined();
    // What another instance's revokeKey does, on a connection that is not ours.
    await sql("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [issued.id]);
    await sql("SELECT pg_notify($1, $2)", changeNotice({ kind: "key", hash: hashSecret(issued.key) }));
    await waitFor(() => {
      try {
        return verifyCached(issued.key) === undefined;
      } catch {
        return false;
      }
    });
    await rejects(verifyKey(issued.key), "unauthorized");
  });
});
