// The tenant data router (lib/isolation/router.ts): one way to a tenant's data for all three tiers,
// refusing tenants that may not be served, on a fixed connection budget, with the shared tier's rows
// fenced by row-level security.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { config } from "@/lib/config";
import { isDomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { closeRouter, tenantDb } from "@/lib/isolation/router";
import { RLS_ROLE } from "@/lib/isolation/shared";
import { createTenant, deleteTenant, resumeTenant, suspendTenant } from "@/lib/tenants/service";
import { databaseUrlFor, sql } from "../setup/db";

const system = { type: "system" } as const;

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  throw new Error("expected the router to refuse");
}

describe("who may be served", () => {
  it("unknown → not_found, suspended → forbidden, deleted → not_found, provisioning → conflict", async () => {
    expect(await refusal(tenantDb(newId("ten")))).toBe("not_found");

    const t = await createTenant({ name: "Router Status", isolation: "schema" }, system);
    const client = await tenantDb(t.id);
    expect(await client.project.count()).toBe(0);

    await suspendTenant(t.id, system);
    expect(await refusal(tenantDb(t.id))).toBe("forbidden");
    await resumeTenant(t.id, system);
    expect(await (await tenantDb(t.id)).project.count()).toBe(0);
    await deleteTenant(t.id, system);
    expect(await refusal(tenantDb(t.id))).toBe("not_found");

    const pending = await createTenant({ name: "Router Pending", isolation: "schema" }, system, { provision: false });
    expect(await refusal(tenantDb(pending.id))).toBe("conflict");
  });
});

describe("schema tier: connection budget", () => {
  it("querying 200 schema-tier tenants round-robin keeps the app's connections within the pool size", async () => {
    const N = 200;
    const ids: string[] = [];
    // Created in small parallel batches: provisioning is quick, but 200 in a row is still seconds.
    for (let i = 0; i < N; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, N - i) }, (_, j) => createTenant({ name: `Budget ${i + j}`, isolation: "schema" }, system)),
      );
      ids.push(...batch.map((t) => t.id));
    }
    expect(new Set(ids).size).toBe(N);

    const monitor = new pg.Client({ connectionString: inject("databaseUrl"), application_name: "tenantry-test-monitor" });
    await monitor.connect();
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await monitor.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tenantry' AND datname = current_database()",
        );
        peak = Math.max(peak, rows[0].n);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      for (let round = 0; round < 3; round++) {
        // Everyone at once: far more demand than connections.
        const counts = await Promise.all(
          ids.map(async (id, i) => {
            const db = await tenantDb(id);
            if (round === 0 && i % 50 === 0) await db.project.create({ data: { name: `p-${i}` } });
            return db.project.count();
          }),
        );
        expect(counts.filter((c) => c === 1)).toHaveLength(N / 50);
      }
    } finally {
      sampling = false;
      await sampler;
      await monitor.end();
    }
    expect(peak).toBeGreaterThan(1); // the load really did contend for connections
    expect(peak).toBeLessThanOrEqual(config.poolSize);
    // Every tenant's data landed in its own schema.
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ANY($1)`,
      [ids.map((id) => `t_${id.slice(4)}`)],
    );
    expect(n).toBe(N);
    const first = await sql<{ name: string }>(`SELECT name FROM "t_${ids[0].slice(4)}".projects`);
    expect(first).toEqual([{ name: "p-0" }]);
    await closeRouter();
  }, 180_000);
});

describe("shared tier: row-level security", () => {
  it("a shared-tier tenant cannot read or change another's rows", async () => {
    const a = await createTenant({ name: "RLS A", isolation: "shared" }, system);
    const b = await createTenant({ name: "RLS B", isolation: "shared" }, system);
    const dbA = await tenantDb(a.id);
    const dbB = await tenantDb(b.id);
    const pa = await dbA.project.create({ data: { name: "A's secret", tasks: { create: [{ title: "A's task" }] } } });
    await dbB.project.create({ data: { name: "B's project" } });

    expect((await dbA.project.findMany()).map((p) => p.name)).toEqual(["A's secret"]);
    expect((await dbB.project.findMany()).map((p) => p.name)).toEqual(["B's project"]);
    expect(await dbB.project.findUnique({ where: { id: pa.id } })).toBeNull();
    expect(await dbB.task.count()).toBe(0);
    expect((await dbB.project.updateMany({ where: { id: pa.id }, data: { name: "pwned" } })).count).toBe(0);
    expect((await dbB.project.deleteMany({ where: { id: pa.id } })).count).toBe(0);
    expect((await dbA.project.findUnique({ where: { id: pa.id } }))?.name).toBe("A's secret");

    // The rows carry their tenant.
    const rows = await sql<{ tenant_id: string }>("SELECT tenant_id FROM tenant_shared.projects WHERE id = $1", [pa.id]);
    expect(rows).toEqual([{ tenant_id: a.id }]);
  });

  it("at the SQL level: no tenant set → no rows and no writes; a row for another tenant is refused", async () => {
    const a = await createTenant({ name: "RLS SQL A", isolation: "shared" }, system);
    const b = await createTenant({ name: "RLS SQL B", isolation: "shared" }, system);
    await (await tenantDb(a.id)).project.create({ data: { name: "A only" } });

    const c = new pg.Client({ connectionString: inject("databaseUrl") });
    await c.connect();
    const asRole = async <T>(tenant: string | null, fn: () => Promise<T>): Promise<T> => {
      await c.query("BEGIN");
      try {
        if (tenant) await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
        await c.query(`SET LOCAL ROLE ${RLS_ROLE}`);
        return await fn();
      } finally {
        await c.query("ROLLBACK");
      }
    };
    try {
      expect(await asRole(null, async () => (await c.query("SELECT count(*)::int AS n FROM tenant_shared.projects")).rows[0].n)).toBe(0);
      await expect(
        asRole(null, () => c.query("INSERT INTO tenant_shared.projects (id, name, updated_at) VALUES (gen_random_uuid(), 'orphan', now())")),
      ).rejects.toThrow(/null value in column "tenant_id"|row-level security/);
      await expect(
        asRole(b.id, () =>
          c.query("INSERT INTO tenant_shared.projects (id, name, updated_at, tenant_id) VALUES (gen_random_uuid(), 'forged', now(), $1)", [a.id]),
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        asRole(b.id, () => c.query("UPDATE tenant_shared.projects SET tenant_id = $1", [b.id])),
      ).resolves.toMatchObject({ rowCount: 0 });
      expect(await asRole(a.id, async () => (await c.query("SELECT count(*)::int AS n FROM tenant_shared.projects")).rows[0].n)).toBe(1);
    } finally {
      await c.end();
    }
  });
});

describe("database tier", () => {
  it("keeps the tenant's data in its own database", async () => {
    const t = await createTenant({ name: "Own Db", isolation: "database" }, system);
    const other = await createTenant({ name: "Neighbour", isolation: "schema" }, system);
    const project = await (await tenantDb(t.id)).project.create({ data: { name: "Dedicated" } });
    const own = await sql<{ name: string }>("SELECT name FROM public.projects WHERE id = $1", [project.id], databaseUrlFor(`tenant_${t.id.slice(4)}`));
    expect(own).toEqual([{ name: "Dedicated" }]);
    // Not in the control plane's database, the shared schema, or a schema-tier neighbour.
    expect(await sql("SELECT to_regclass('public.projects') AS t")).toEqual([{ t: null }]);
    expect(await sql("SELECT 1 FROM tenant_shared.projects WHERE id = $1", [project.id]).catch(() => [])).toEqual([]);
    expect(await (await tenantDb(other.id)).project.count()).toBe(0);
    await closeRouter();
  });
});
