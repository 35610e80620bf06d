// GET /api/v1/tenants: filters, search and cursor pagination.
import { beforeAll, describe, expect, it } from "vitest";
import { tenantListSchema } from "@/lib/openapi/schemas";
import { createTenant, suspendTenant } from "@/lib/tenants/service";
import { api, unique } from "../setup/api";
import { sql } from "../setup/db";
import { json } from "../setup/http";

const system = { type: "system" } as const;

async function page(query: Record<string, string>) {
  const res = await api.list(query);
  expect(res.status, await res.clone().text()).toBe(200);
  return tenantListSchema.parse(await json(res));
}

describe("filters and search", () => {
  const token = unique("flt").replace(/-/g, "");
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.zebraFree = (await createTenant({ name: `Zebra ${token}`, slug: `${token}-zebra`, isolation: "shared" }, system)).id;
    ids.lionPro = (await createTenant({ name: `Lion ${token}`, slug: `${token}-lion`, plan: "pro", isolation: "shared" }, system)).id;
    ids.otterPro = (await createTenant({ name: `Otter ${token}`, slug: `${token}-otter`, plan: "pro", isolation: "shared" }, system)).id;
    await suspendTenant(ids.otterPro, system);
    // Found by slug only: the name does not contain the token.
    ids.slugOnly = (await createTenant({ name: "Nameless", slug: `${token}-slugonly`, plan: "enterprise", isolation: "shared" }, system)).id;
  });

  const idsOf = (p: { data: { id: string }[] }) => p.data.map((t) => t.id).sort();

  it("q matches the name (any case) and the slug", async () => {
    expect(idsOf(await page({ q: token }))).toEqual(Object.values(ids).sort());
    expect(idsOf(await page({ q: `ZEBRA ${token.toUpperCase()}` }))).toEqual([ids.zebraFree]);
    expect(idsOf(await page({ q: `${token}-slugonly` }))).toEqual([ids.slugOnly]);
  });

  it("q is a plain substring: LIKE wildcards match only themselves", async () => {
    expect((await page({ q: `${token}%` })).data).toEqual([]);
    expect((await page({ q: `${token.slice(0, -1)}_` })).data).toEqual([]);
    expect((await page({ q: `${token}-%` })).data).toEqual([]);
    const literal = await createTenant({ name: `50%_off \\ ${token}`, isolation: "shared" }, system, { provision: false });
    expect(idsOf(await page({ q: "50%_off \\", status: "provisioning" }))).toContain(literal.id);
    expect(idsOf(await page({ q: `${token}%`, status: "provisioning" }))).toEqual([]);
  });

  it("status and plan filter, alone and together", async () => {
    expect(idsOf(await page({ q: token, status: "suspended" }))).toEqual([ids.otterPro]);
    expect(idsOf(await page({ q: token, plan: "pro" }))).toEqual([ids.lionPro, ids.otterPro].sort());
    expect(idsOf(await page({ q: token, plan: "pro", status: "active" }))).toEqual([ids.lionPro]);
    expect(idsOf(await page({ q: token, plan: "free", status: "suspended" }))).toEqual([]);
    expect((await page({ q: `${token}-`, status: "provisioning" })).data).toEqual([]);
  });
});

describe("cursor pagination", () => {
  const token = unique("pg").replace(/-/g, "");
  const created: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 23; i++) {
      created.push((await createTenant({ name: `Page ${token} ${i}`, isolation: "shared" }, system, { provision: false })).id);
    }
    // Ten of them share one creation instant: the id must break the tie, or pages would skip or repeat.
    await sql("UPDATE public.tenants SET created_at = '2026-01-01T00:00:00Z' WHERE id = ANY($1)", [created.slice(5, 15)]);
  });

  it("walks every page with no duplicates and no gaps, newest first", async () => {
    for (const limit of [1, 4, 10, 23, 50]) {
      const seen: string[] = [];
      const order: { created_at: string; id: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const p = await page({ q: token, limit: String(limit), ...(cursor ? { cursor } : {}) });
        expect(p.data.length).toBeLessThanOrEqual(limit);
        seen.push(...p.data.map((t) => t.id));
        order.push(...p.data.map((t) => ({ created_at: t.created_at, id: t.id })));
        cursor = p.next_cursor;
        pages++;
        expect(pages).toBeLessThan(30);
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...created].sort());
      expect(pages).toBe(Math.ceil(created.length / limit));
      const sorted = [...order].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1));
      expect(order).toEqual(sorted);
    }
  });

  it("the last page says so: next_cursor is null", async () => {
    const p = await page({ q: token, limit: "200" });
    expect(p.data).toHaveLength(created.length);
    expect(p.next_cursor).toBeNull();
  });

  it("defaults to 50", async () => {
    const token2 = unique("def").replace(/-/g, "");
    for (let i = 0; i < 51; i++) await createTenant({ name: `Default ${token2} ${i}`, isolation: "shared" }, system, { provision: false });
    const p = await page({ q: token2 });
    expect(p.data).toHaveLength(50);
    expect(p.next_cursor).not.toBeNull();
    const rest = await page({ q: token2, cursor: p.next_cursor! });
    expect(rest.data).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
  });
});
