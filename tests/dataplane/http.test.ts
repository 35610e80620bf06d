// The node:http adapter on a real socket: the same handlers as the custom server mounts, hit with
// fetch. Status codes, headers, the 405/413 edges the adapter owns, and a suspension made by another
// instance (a notice on another connection) refusing the very next request.
import type { AddressInfo } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeListenerConnected, changeNotice, startChangeListener, stopChangeListener } from "../../lib/db/changes";
import { createDataPlaneServer } from "../../lib/dataplane/node";
import { sql } from "../setup/db";
import { tenantWithKey } from "./helpers";

let server: http.Server;
let base: string;

beforeAll(async () => {
  await startChangeListener();
  server = createDataPlaneServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const end = Date.now() + 5000;
  while (!changeListenerConnected() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await stopChangeListener();
});

const post = (path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("the data plane over HTTP", () => {
  it("answers quota checks and quota reads with JSON and the rate-limit headers", async () => {
    const { key, tenantId } = await tenantWithKey({ quotas: { requests_per_second: 50 } });
    const r = await post("/api/v1/quota/check?ignored=1", key, { metric: "api_requests" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.headers.get("ratelimit-limit")).toBe("50");
    expect(r.headers.get("ratelimit-remaining")).toBe("49");
    expect(Number(r.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    expect(await r.json()).toMatchObject({ allowed: true });
    const q = await fetch(`${base}/api/v1/quota`, { headers: { authorization: `Bearer ${key}` } });
    expect(q.status).toBe(200);
    expect((await q.json()).tenant_id).toBe(tenantId);
    const u = await post("/api/v1/usage", key, { events: [{ metric: "read_ops", value: 2 }] });
    expect(u.status).toBe(202);
    expect(await u.json()).toEqual({ accepted: 1 });
  });

  it("refuses without a key (401), with the wrong method (405 + Allow), and oversize bodies (413)", async () => {
    const { key } = await tenantWithKey();
    const none = await fetch(`${base}/api/v1/quota`);
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect((await none.json()).code).toBe("unauthorized");

    const wrong = await fetch(`${base}/api/v1/usage`, { headers: { authorization: `Bearer ${key}` } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect(wrong.headers.get("content-type")).toBe("application/problem+json");
    await wrong.text();

    const big = await post("/api/v1/usage", key, { events: [{ metric: "read_ops", value: 1, idempotency_key: "x".repeat(1024 * 1024) }] });
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe("payload_too_large");

    const other = await fetch(`${base}/api/v1/tenants`);
    expect(other.status).toBe(404);
    await other.text();
  });

  it("refuses a tenant suspended by another instance on the next request", async () => {
    const { key, tenantId } = await tenantWithKey();
    expect((await post("/api/v1/quota/check", key, { metric: "read_ops" })).status).toBe(200);
    // What another instance's suspendTenant commits, on a connection that is not this process's.
    await sql("UPDATE tenants SET status = 'suspended' WHERE id = $1; ", [tenantId]);
    await sql("SELECT pg_notify($1, $2)", changeNotice({ kind: "tenant", id: tenantId }));
    const end = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < end) {
      const r = await post("/api/v1/quota/check", key, { metric: "read_ops" });
      status = r.status;
      await r.text();
      if (status === 200) await new Promise((r) => setTimeout(r, 10));
    }
    expect(status).toBe(403);
  });
});
