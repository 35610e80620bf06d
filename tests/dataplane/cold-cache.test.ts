// The data plane's cache misses against the real database: a cold burst read in batches with the right
// answer for every caller, a revocation notice during a batched read, and refresh-ahead keeping hot
// entries (no request-path read past the TTL) while changes still apply on the next request.
// The TTL is shortened for this file (read when the caches are first used).
process.env.TENANTRY_CACHE_TTL_MS = "1500";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLocally, changeNotice, changeListenerConnected, startChangeListener, stopChangeListener } from "../../lib/db/changes";
import { databaseUrl } from "../../lib/db/pool";
import { generateSecret, hashSecret } from "../../lib/keys/secret";
import { revokeKey } from "../../lib/keys/service";
import { clearKeyCache, keyLoadStats, verifyCached, verifyKey } from "../../lib/keys/verify";
import { clearTenantLimits, tenantLimitsCached, tenantLoadStats } from "../../lib/quotas/tenant-limits";
import { clearUsageCache } from "../../lib/quotas/usage";
import { deleteTenant, suspendTenant } from "../../lib/tenants/service";
import { sql } from "../setup/db";
import { actor, check, tenantWithKey, type Reply } from "./helpers";

function expectProblem(r: Reply, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.headers["content-type"]).toBe("application/problem+json");
  expect(r.body.code).toBe(code);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(10);
  }
}

function coldCaches() {
  clearKeyCache();
  clearTenantLimits();
  clearUsageCache();
}

describe("a cold burst", () => {
  it("is read in one query per kind, and every caller gets its own key's answer", async () => {
    const valid = await tenantWithKey();
    const other = await tenantWithKey();
    const revoked = await tenantWithKey();
    await revokeKey(revoked.tenantId, revoked.keyId, actor);
    const expired = await tenantWithKey();
    await sql("UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1", [expired.keyId]);
    const suspended = await tenantWithKey();
    await suspendTenant(suspended.tenantId, actor);
    const deleted = await tenantWithKey();
    await deleteTenant(deleted.tenantId, actor);
    const unknown = generateSecret("tenant");
    const want: [string, number][] = [
      [valid.key, 200],
      [other.key, 200],
      [revoked.key, 401],
      [expired.key, 401],
      [unknown, 401],
      [suspended.key, 403],
      [deleted.key, 404],
    ];
    coldCaches();
    const keys0 = keyLoadStats();
    const tenants0 = tenantLoadStats();
    // Four requests per key, interleaved, all missing at once.
    const calls = [0, 1, 2, 3].flatMap(() => want.map(([key, status]) => ({ key, status, reply: check(key) })));
    for (const c of calls) expect({ key: c.key, status: (await c.reply).status }).toEqual({ key: c.key, status: c.status });
    const keys1 = keyLoadStats();
    const tenants1 = tenantLoadStats();
    expect({ batches: keys1.batches - keys0.batches, keys: keys1.keys - keys0.keys }).toEqual({ batches: 1, keys: want.length });
    // Tenants of the keys that passed: valid, other, suspended, deleted (a deleted tenant's key may be
    // refused before its tenant is read) — one batch either way.
    expect(tenants1.batches - tenants0.batches).toBe(1);
    expect(tenants1.keys - tenants0.keys).toBeLessThanOrEqual(4);
    expectProblem(await check(suspended.key), 403, "forbidden");
    // Now warm: the same answers with no further reads.
    for (const [key, status] of want) expect((await check(key)).status).toBe(status);
    expect(keyLoadStats().batches).toBe(keys1.batches);
  });
});

describe("with the change listener", () => {
  beforeAll(async () => {
    await startChangeListener();
    await waitFor(changeListenerConnected);
  });
  afterAll(async () => {
    await stopChangeListener();
  });

  it("does not lose a revocation notice that arrives while the key's batched read is in flight", async () => {
    const t = await tenantWithKey();
    const hash = hashSecret(t.key);
    coldCaches();
    const outcome = (p: Promise<unknown>) => p.then(() => "ok", (e) => e.code);
    // Hold the read in flight: it waits on a lock another connection holds.
    const locker = new pg.Client({ connectionString: databaseUrl() });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE");
      const batches0 = keyLoadStats().batches;
      const first = outcome(verifyKey(t.key));
      await sleep(100);
      // A notice for this key reaches us while our read still waits (as the listener delivers it).
      applyLocally({ kind: "key", hash });
      // Asked after the notice: must not join the read begun before it.
      const second = outcome(verifyKey(t.key));
      await sleep(50);
      await locker.query("ROLLBACK");
      // Both reads saw the key as it was (the revocation below lands after them)…
      expect(await first).toBe("ok");
      expect(await second).toBe("ok");
      expect(keyLoadStats().batches - batches0).toBe(2);
      // …but the one that raced the notice was not cached. (The second, begun after it, may be.)
      await sql("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [t.keyId]);
      applyLocally({ kind: "key", hash });
      expect(verifyCached(t.key)).toBeUndefined();
      expectProblem(await check(t.key), 401, "unauthorized");
    } finally {
      await locker.query("ROLLBACK").catch(() => {});
      await locker.end();
    }
  });

  it("does not cache a read that raced a notice, even with no later caller to replace it", async () => {
    const t = await tenantWithKey();
    coldCaches();
    const locker = new pg.Client({ connectionString: databaseUrl() });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE");
      const first = verifyKey(t.key);
      await sleep(100);
      // Another instance revokes the key; the read in flight began before, so it answers "valid"…
      applyLocally({ kind: "key", hash: hashSecret(t.key) });
      await locker.query("ROLLBACK");
      await expect(first).resolves.toMatchObject({ id: t.keyId });
      await sql("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [t.keyId]);
      // …and must not have been cached: the next request reads the revocation.
      expect(verifyCached(t.key)).toBeUndefined();
      expectProblem(await check(t.key), 401, "unauthorized");
    } finally {
      await locker.query("ROLLBACK").catch(() => {});
      await locker.end();
    }
  });

  it("keeps hot entries past the TTL without a request-path read, and still applies a change on the next request", async () => {
    const hot = await tenantWithKey();
    const idle = await tenantWithKey();
    coldCaches();
    expect((await check(hot.key)).status).toBe(200);
    expect((await check(idle.key)).status).toBe(200);
    const keys0 = keyLoadStats();
    // Three TTLs (1.5 s each) of traffic on `hot`: every request is answered from memory.
    const end = Date.now() + 4500;
    let requests = 0;
    while (Date.now() < end) {
      expect(verifyCached(hot.key)).toBeDefined();
      expect(tenantLimitsCached(hot.tenantId)).toBeTruthy();
      expect((await check(hot.key)).status).toBe(200);
      requests++;
      await sleep(25);
    }
    expect(requests).toBeGreaterThan(50);
    // It was re-read in the background (a few times), not per request.
    const refreshes = keyLoadStats().batches - keys0.batches;
    expect(refreshes).toBeGreaterThanOrEqual(2);
    expect(refreshes).toBeLessThan(10);
    // An entry nobody used still expired.
    expect(verifyCached(idle.key)).toBeUndefined();
    expect(tenantLimitsCached(idle.tenantId)).toBeUndefined();

    // A suspension and a revocation still apply to the very next request.
    await suspendTenant(hot.tenantId, actor);
    expectProblem(await check(hot.key), 403, "forbidden");
    await revokeKey(hot.tenantId, hot.keyId, actor);
    expectProblem(await check(hot.key), 401, "unauthorized");
  });

  it("catches a missed notice within the TTL: the background re-read sees the revocation", async () => {
    const t = await tenantWithKey();
    coldCaches();
    expect((await check(t.key)).status).toBe(200);
    // Revoked by another instance whose notice never arrived.
    await sql("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [t.keyId]);
    const end = Date.now() + 3000;
    let status = 200;
    while (status === 200 && Date.now() < end) {
      status = (await check(t.key)).status;
      await sleep(25);
    }
    expect(status).toBe(401);
  });

  it("a notice from another instance still drops the entry at once", async () => {
    const t = await tenantWithKey();
    coldCaches();
    expect((await check(t.key)).status).toBe(200);
    await sql("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [t.keyId]);
    await sql("SELECT pg_notify($1, $2)", changeNotice({ kind: "key", hash: hashSecret(t.key) }));
    await waitFor(() => {
      try {
        return verifyCached(t.key) === undefined;
      } catch {
        return true;
      }
    });
    expectProblem(await check(t.key), 401, "unauthorized");
  });
});
