// The REST key endpoints (API.md control plane): issue (secret shown once), list (never the secret),
// revoke (refused on the next data-plane request), rotate; auth and bad input.
import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/tenants/[id]/keys/route";
import * as item from "@/app/api/v1/tenants/[id]/keys/[key_id]/route";
import * as rotate from "@/app/api/v1/tenants/[id]/keys/[key_id]/rotate/route";
import * as platform from "@/app/api/v1/platform-keys/route";
import * as platformItem from "@/app/api/v1/platform-keys/[key_id]/route";
import { createTenant } from "@/lib/tenants/service";
import { expectProblem } from "../setup/expect-problem";
import { apiRequest, json, routeParams, type CallOptions } from "../setup/http";
import { quota } from "../dataplane/helpers";

const actor = { type: "system", label: "keys api test" } as const;
const keysPath = (id: string) => `/api/v1/tenants/${id}/keys`;

const api = {
  issue: (id: string, body: unknown, o: CallOptions = {}) => collection.POST(apiRequest("POST", keysPath(id), { body, ...o }), routeParams({ id })),
  list: (id: string, o: CallOptions = {}) => collection.GET(apiRequest("GET", keysPath(id), o), routeParams({ id })),
  revoke: (id: string, key_id: string, o: CallOptions = {}) => item.DELETE(apiRequest("DELETE", `${keysPath(id)}/${key_id}`, o), routeParams({ id, key_id })),
  rotate: (id: string, key_id: string, o: CallOptions = {}) => rotate.POST(apiRequest("POST", `${keysPath(id)}/${key_id}/rotate`, o), routeParams({ id, key_id })),
};

async function tenant() {
  const slug = `ka-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  return (await createTenant({ name: slug, slug, isolation: "shared" }, actor)).id;
}

describe("tenant keys over REST", () => {
  it("issues a key with the secret once, lists it without, and revokes it at once", async () => {
    const id = await tenant();
    const res = await api.issue(id, { name: "backend", scopes: ["quota:read"] });
    expect(res.status).toBe(201);
    const issued = await json(res);
    expect(issued).toMatchObject({ id: expect.stringMatching(/^key_/), name: "backend", scopes: ["quota:read"], tenant_id: id, last_used_at: null, expires_at: null });
    expect(issued.key).toMatch(/^tk_[0-9A-Za-z]{36}$/);
    expect(issued.start).toBe(issued.key.slice(0, 9));

    const listed = await api.list(id);
    expect(listed.status).toBe(200);
    const page = await json(listed);
    expect(page.next_cursor).toBeNull();
    expect(page.data.map((k: { id: string }) => k.id)).toEqual([issued.id]);
    expect(JSON.stringify(page)).not.toContain(issued.key);

    expect((await quota(issued.key)).status).toBe(200);
    const del = await api.revoke(id, issued.id);
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    expect((await quota(issued.key)).status).toBe(401);
    await expectProblem(await api.revoke(id, issued.id), 404, "not_found");
    expect((await json(await api.list(id))).data).toEqual([]);
  });

  it("rotates: a new secret now, the old one kept for the grace period", async () => {
    const id = await tenant();
    const first = await json(await api.issue(id, { name: "rolling" }));
    const res = await api.rotate(id, first.id, { body: { grace_seconds: 60 } });
    expect(res.status).toBe(201);
    const second = await json(res);
    expect(second.rotated_from_id).toBe(first.id);
    expect((await quota(first.key)).status).toBe(200);
    expect((await quota(second.key)).status).toBe(200);
    const third = await json(await api.rotate(id, second.id));
    expect((await quota(second.key)).status).toBe(401); // no body: no grace
    expect((await quota(third.key)).status).toBe(200);
    await expectProblem(await api.rotate(id, third.id, { body: { grace_seconds: -1 } }), 400, "invalid_request");
  });

  it("refuses bad input, unknown tenants, and keys other than a platform key", async () => {
    const id = await tenant();
    const bad = await expectProblem(await api.issue(id, { name: "", scopes: ["admin"], expires_at: "2001-01-01T00:00:00Z" }), 400, "invalid_request");
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(["expires_at", "name", "scopes[0]"]);
    await expectProblem(await api.issue(id, undefined, { raw: "{oops" }), 400, "invalid_request");
    await expectProblem(await api.issue("ten_doesnotexist234567abcd", { name: "x" }), 404, "not_found");
    await expectProblem(await api.list("nope"), 404, "not_found");
    await expectProblem(await api.revoke(id, "key_nope"), 404, "not_found");

    const tk = (await json(await api.issue(id, { name: "tenant key" }))).key as string;
    await expectProblem(await api.list(id, { authorization: `Bearer ${tk}` }), 403, "forbidden");
    await expectProblem(await api.list(id, { authorization: null }), 401, "unauthorized");
  });
});

describe("platform keys over REST", () => {
  it("issues, lists and revokes platform keys", async () => {
    const res = await platform.POST(apiRequest("POST", "/api/v1/platform-keys", { body: { name: "ci" } }), routeParams({}));
    expect(res.status).toBe(201);
    const k = await json(res);
    expect(k.key).toMatch(/^tpk_/);
    expect(k.kind).toBe("platform");
    const list = await json(await platform.GET(apiRequest("GET", "/api/v1/platform-keys"), routeParams({})));
    expect(list.data.map((x: { id: string }) => x.id)).toContain(k.id);
    expect(JSON.stringify(list)).not.toContain(k.key);
    const del = await platformItem.DELETE(apiRequest("DELETE", `/api/v1/platform-keys/${k.id}`), routeParams({ key_id: k.id }));
    expect(del.status).toBe(204);
  });
});
