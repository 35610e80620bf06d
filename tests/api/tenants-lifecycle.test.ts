// A tenant's life through the REST API: create (each tier) → read → change → suspend/resume → delete.
import { describe, expect, it } from "vitest";
import { tenantSchema } from "@/lib/openapi/schemas";
import { findTenant, getTenant } from "@/lib/tenants/service";
import { api, unique } from "../setup/api";
import { databaseExists, databaseUrlFor, sql, tablesIn } from "../setup/db";
import { expectProblem } from "../setup/expect-problem";
import { json } from "../setup/http";

const TEMPLATE_TABLES = ["_prisma_migrations", "projects", "tasks"];

async function created(body: Record<string, unknown>) {
  const res = await api.create(body);
  const text = await res.text();
  expect(res.status, text).toBe(201);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return tenantSchema.parse(JSON.parse(text));
}

describe("create, per isolation tier", () => {
  it("schema tier: its own schema with the template's tables, and active", async () => {
    const slug = unique("sch");
    const t = await created({ name: "Schema Co", slug, plan: "pro", isolation: "schema", metadata: { crm: "42" } });
    expect(t).toMatchObject({ slug, name: "Schema Co", plan: "pro", isolation: "schema", status: "active", region: "local", metadata: { crm: "42" } });
    expect(t.template_version).toMatch(/^\d{14}_/);
    expect(t.quotas.api_requests_per_month).toBe(1_000_000);
    expect(await tablesIn(`t_${t.id.slice(4)}`)).toEqual(TEMPLATE_TABLES);
  });

  it("shared tier: the shared schema's tables carry tenant_id under forced RLS", async () => {
    const t = await created({ name: "Shared Co", isolation: "shared" });
    expect(t).toMatchObject({ isolation: "shared", status: "active", plan: "free" });
    expect(await tablesIn("tenant_shared")).toEqual(TEMPLATE_TABLES);
    const rls = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'tenant_shared' AND c.relname IN ('projects', 'tasks') ORDER BY 1`,
    );
    expect(rls).toEqual([
      { relname: "projects", relrowsecurity: true, relforcerowsecurity: true },
      { relname: "tasks", relrowsecurity: true, relforcerowsecurity: true },
    ]);
  });

  it("database tier: its own database with the template's tables", async () => {
    const t = await created({ name: "Dedicated Co", isolation: "database", plan: "enterprise" });
    expect(t).toMatchObject({ isolation: "database", status: "active" });
    expect(t.quotas.api_requests_per_month).toBeNull();
    const database = `tenant_${t.id.slice(4)}`;
    expect(await databaseExists(database)).toBe(true);
    expect(await tablesIn("public", databaseUrlFor(database))).toEqual(TEMPLATE_TABLES);
  });
});

describe("read and change", () => {
  it("gets, lists and patches name, plan, metadata and quotas (merged; null = unlimited)", async () => {
    const t = await created({ name: "Patch Me", slug: unique("pat"), isolation: "shared" });

    const got = tenantSchema.parse(await json(await api.get(t.id)));
    expect(got).toEqual(t);

    const listed = await json(await api.list({ q: t.slug }));
    expect(listed.data.map((x: { id: string }) => x.id)).toEqual([t.id]);

    let res = await api.patch(t.id, { name: "Patched", plan: "pro", metadata: { tier: "gold" }, quotas: { storage_bytes: 5_000 } });
    expect(res.status).toBe(200);
    let p = tenantSchema.parse(await json(res));
    expect(p).toMatchObject({ name: "Patched", plan: "pro", metadata: { tier: "gold" }, quota_overrides: { storage_bytes: 5_000 } });
    expect(p.quotas.storage_bytes).toBe(5_000);
    expect(p.quotas.api_requests_per_month).toBe(1_000_000); // the new plan's value
    expect(Date.parse(p.updated_at)).toBeGreaterThanOrEqual(Date.parse(t.updated_at));

    // A second quotas patch merges into the overrides; null means unlimited, not "back to the plan".
    res = await api.patch(t.id, { quotas: { api_requests_per_month: null } });
    p = tenantSchema.parse(await json(res));
    expect(p.quota_overrides).toEqual({ storage_bytes: 5_000, api_requests_per_month: null });
    expect(p.quotas.api_requests_per_month).toBeNull();
    expect(p.quotas.storage_bytes).toBe(5_000);

    // An empty patch changes nothing.
    res = await api.patch(t.id, {});
    expect(res.status).toBe(200);
    expect(tenantSchema.parse(await json(res))).toEqual(p);
    expect(tenantSchema.parse(await json(await api.get(t.id)))).toEqual(p);
  });

  it("rejects an unknown quota key and a negative quota", async () => {
    const t = await created({ name: "Quota Checks", isolation: "shared" });
    let problem = await expectProblem(await api.patch(t.id, { quotas: { bananas: 1 } }), 400, "invalid_request");
    expect(problem.errors?.[0].path).toBe("quotas");
    problem = await expectProblem(await api.patch(t.id, { quotas: { storage_bytes: -1 } }), 400, "invalid_request");
    expect(problem.errors).toEqual([{ path: "quotas.storage_bytes", message: expect.any(String) }]);
  });
});

describe("status changes", () => {
  it("suspends and resumes; a repeated status is a no-op", async () => {
    const t = await created({ name: "Sleepy", isolation: "shared" });
    let res = await api.patch(t.id, { status: "suspended" });
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe("suspended");
    res = await api.patch(t.id, { status: "suspended" });
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe("suspended");
    res = await api.patch(t.id, { status: "active" });
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe("active");
    const audit = await sql<{ action: string }>("SELECT action FROM public.audit_log WHERE tenant_id = $1 ORDER BY id", [t.id]);
    expect(audit.map((a) => a.action)).toEqual(["tenant.created", "tenant.suspended", "tenant.resumed"]);
  });

  it("refuses transitions the state machine does not allow with 409", async () => {
    // A tenant still provisioning can be deleted, but neither activated nor suspended by hand.
    const { createTenant } = await import("@/lib/tenants/service");
    const pending = await createTenant({ name: "Pending", isolation: "shared" }, { type: "system" }, { provision: false });
    expect(pending.status).toBe("provisioning");
    await expectProblem(await api.patch(pending.id, { status: "active" }), 409, "conflict");
    await expectProblem(await api.patch(pending.id, { status: "suspended" }), 409, "conflict");
    expect((await getTenant(pending.id)).status).toBe("provisioning");
    // `deleted` and `provisioning` are not statuses a PATCH can ask for.
    const t = await created({ name: "Alive", isolation: "shared" });
    await expectProblem(await api.patch(t.id, { status: "deleted" }), 400, "invalid_request");
    await expectProblem(await api.patch(t.id, { status: "provisioning" }), 400, "invalid_request");
  });
});

describe("delete", () => {
  it("returns the tenant as deleted, then 404 everywhere in the API; kept for the console", async () => {
    const slug = unique("del");
    const t = await created({ name: "Doomed", slug, isolation: "shared" });
    const res = await api.delete(t.id);
    expect(res.status).toBe(200);
    const d = tenantSchema.parse(await json(res));
    expect(d).toMatchObject({ id: t.id, status: "deleted" });

    await expectProblem(await api.get(t.id), 404, "not_found");
    await expectProblem(await api.patch(t.id, { name: "Back" }), 404, "not_found");
    await expectProblem(await api.patch(t.id, { status: "active" }), 404, "not_found");
    await expectProblem(await api.delete(t.id), 404, "not_found");
    expect((await json(await api.list({ q: slug }))).data).toEqual([]);
    await expectProblem(await api.list({ status: "deleted" }), 400, "invalid_request");

    expect((await getTenant(t.id, { includeDeleted: true })).status).toBe("deleted");
    expect(await findTenant(slug)).toBeNull();
    expect((await findTenant(slug, { includeDeleted: true }))?.id).toBe(t.id);
  });

  it("frees the slug: a new tenant can take a deleted tenant's slug", async () => {
    const slug = unique("reuse");
    const first = await created({ name: "First", slug, isolation: "shared" });
    await expectProblem(await api.create({ name: "Clash", slug, isolation: "shared" }), 409, "conflict");
    expect((await api.delete(first.id)).status).toBe(200);
    const second = await created({ name: "Second", slug, isolation: "shared" });
    expect(second.id).not.toBe(first.id);
    expect(second.slug).toBe(slug);
    expect((await findTenant(slug))?.id).toBe(second.id);
  });
});

describe("derived slug", () => {
  it("derives the slug from the name, and suffixes it when that slug is taken", async () => {
    const name = `Ácme Wídgets ${unique("n")}`;
    const a = await created({ name, isolation: "shared" });
    const base = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-");
    expect(a.slug).toBe(base);
    const b = await created({ name, isolation: "shared" });
    expect(b.slug).not.toBe(a.slug);
    expect(b.slug).toMatch(new RegExp(`^${base.slice(0, 35).replace(/-+$/, "")}-[a-z2-7]{4}$`));
  });
});
