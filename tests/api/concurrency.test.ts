// Races on creation: the partial unique index on live slugs decides, and provisioning runs only for the
// one request that won, so exactly one tenant schema appears.
import { describe, expect, it } from "vitest";
import { api, unique } from "../setup/api";
import { countTenantSchemas, sql } from "../setup/db";

describe("concurrent creates", () => {
  it("20 concurrent POSTs of one slug: one 201, nineteen 409, one new schema", async () => {
    const slug = unique("race");
    const schemasBefore = await countTenantSchemas();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.create({ name: `Racer ${i}`, slug, isolation: "schema" })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect((await r.json()).code).toBe("conflict");
    }
    const winner = await responses.find((r) => r.status === 201)!.json();
    expect(winner.status).toBe("active");

    expect(await countTenantSchemas()).toBe(schemasBefore + 1);
    const rows = await sql<{ id: string; status: string }>("SELECT id, status FROM public.tenants WHERE slug = $1", [slug]);
    expect(rows).toEqual([{ id: winner.id, status: "active" }]);
    const schemas = await sql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [`t_${winner.id.slice(4)}`]);
    expect(schemas).toHaveLength(1);
  });

  it("concurrent creates with a derived slug all succeed, each with its own slug", async () => {
    const name = `Same Name ${unique("dn")}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => api.create({ name, isolation: "shared" })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const slugs = await Promise.all(responses.map(async (r) => (await r.json()).slug as string));
    expect(new Set(slugs).size).toBe(5);
  });
});
