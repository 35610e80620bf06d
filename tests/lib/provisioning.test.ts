// Provisioning is idempotent and resumable: whatever point a crash stops it at, running it again (or
// twice at once) finishes the tenant with exactly one set of template tables.
import { describe, expect, it } from "vitest";
import { loadMigrations, migrationsDir } from "@/lib/db/migrate";
import { provisionSchemaTier } from "@/lib/isolation/provision";
import { createTenant, getTenant, provisionTenant } from "@/lib/tenants/service";
import { databaseExists, databaseUrlFor, sql, tablesIn } from "../setup/db";

const system = { type: "system" } as const;
const TEMPLATE_TABLES = ["_prisma_migrations", "projects", "tasks"];
const templateCount = () => loadMigrations(migrationsDir.tenant()).length;
const schemaOf = (id: string) => `t_${id.slice(4)}`;
const databaseOf = (id: string) => `tenant_${id.slice(4)}`;

async function migrationRows(schema: string, url?: string): Promise<number> {
  const [r] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}"."_prisma_migrations"`, [], url);
  return r.n;
}

describe("schema tier", () => {
  it("create without provisioning, then provision twice: active once, nothing doubled", async () => {
    const t = await createTenant({ name: "Later", isolation: "schema" }, system, { provision: false });
    expect(t.status).toBe("provisioning");
    expect(t.template_version).toBeNull();
    expect(await tablesIn(schemaOf(t.id))).toEqual([]);

    await provisionTenant(t.id);
    const first = await getTenant(t.id);
    expect(first.status).toBe("active");
    expect(first.template_version).toMatch(/^\d{14}_/);
    await provisionTenant(t.id);
    const second = await getTenant(t.id);
    expect(second).toEqual(first); // the second run changed nothing, not even updated_at
    expect(await tablesIn(schemaOf(t.id))).toEqual(TEMPLATE_TABLES);
    expect(await migrationRows(schemaOf(t.id))).toBe(templateCount());
  });

  it("a crash mid-transaction (connection killed after the tables were made) leaves nothing; a retry finishes", async () => {
    const t = await createTenant({ name: "Crashy", isolation: "schema" }, system, { provision: false });
    const target = { id: t.id, isolation: "schema" as const, dataLocation: schemaOf(t.id), databaseUrl: null };
    await expect(
      provisionSchemaTier(target, async (client) => {
        // The tables exist inside this transaction now; the server loses the session before COMMIT.
        expect((await client.query("SELECT to_regclass($1) AS t", [`${schemaOf(t.id)}.tasks`])).rows[0].t).not.toBeNull();
        await client.query("SELECT pg_terminate_backend(pg_backend_pid())");
        return true;
      }),
    ).rejects.toThrow();
    expect((await getTenant(t.id)).status).toBe("provisioning");
    expect(await sql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schemaOf(t.id)])).toHaveLength(0);

    await provisionTenant(t.id);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(await tablesIn(schemaOf(t.id))).toEqual(TEMPLATE_TABLES);
    expect(await migrationRows(schemaOf(t.id))).toBe(templateCount());
  });

  it("an empty schema left behind (made outside the provisioning transaction) is adopted", async () => {
    const t = await createTenant({ name: "Leftover", isolation: "schema" }, system, { provision: false });
    await sql(`CREATE SCHEMA "${schemaOf(t.id)}"`);
    await provisionTenant(t.id);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(await tablesIn(schemaOf(t.id))).toEqual(TEMPLATE_TABLES);
  });

  it("two callers provisioning at once: both succeed, one set of tables", async () => {
    const t = await createTenant({ name: "Twice", isolation: "schema" }, system, { provision: false });
    await Promise.all([provisionTenant(t.id), provisionTenant(t.id), provisionTenant(t.id)]);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(await tablesIn(schemaOf(t.id))).toEqual(TEMPLATE_TABLES);
    expect(await migrationRows(schemaOf(t.id))).toBe(templateCount());
    const [attempts] = await sql<{ n: number }>("SELECT provisioning_attempts AS n FROM public.tenants WHERE id = $1", [t.id]);
    expect(attempts.n).toBe(1);
  });
});

describe("database tier", () => {
  it("a crash after CREATE DATABASE, before the template: a retry finishes it", async () => {
    const t = await createTenant({ name: "Half Db", isolation: "database" }, system, { provision: false });
    await sql(`CREATE DATABASE "${databaseOf(t.id)}"`, [], databaseUrlFor("postgres"));
    await provisionTenant(t.id);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(await tablesIn("public", databaseUrlFor(databaseOf(t.id)))).toEqual(TEMPLATE_TABLES);
  });

  it("a crash after the template, before `active`: a retry marks it active and applies nothing twice", async () => {
    const t = await createTenant({ name: "Almost Db", isolation: "database" }, system, { provision: false });
    await provisionTenant(t.id);
    await sql("UPDATE public.tenants SET status = 'provisioning', template_version = NULL WHERE id = $1", [t.id]);
    await provisionTenant(t.id);
    const after = await getTenant(t.id);
    expect(after.status).toBe("active");
    expect(after.template_version).toMatch(/^\d{14}_/);
    expect(await migrationRows("public", databaseUrlFor(databaseOf(t.id)))).toBe(templateCount());
  });

  it("two callers provisioning at once: both succeed, one database with one set of tables", async () => {
    const t = await createTenant({ name: "Race Db", isolation: "database" }, system, { provision: false });
    const results = await Promise.allSettled([provisionTenant(t.id), provisionTenant(t.id)]);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok"]);
    expect((await getTenant(t.id)).status).toBe("active");
    expect(await databaseExists(databaseOf(t.id))).toBe(true);
    expect(await migrationRows("public", databaseUrlFor(databaseOf(t.id)))).toBe(templateCount());
  });

  it("a failing provision leaves the tenant provisioning with the error; a retry after the fix finishes it", async () => {
    // A dedicated server that refuses connections.
    const res = await createTenant(
      { name: "Unreachable", isolation: "database", database_url: "postgresql://postgres:x@127.0.0.1:1/postgres" },
      system,
    );
    expect(res.status).toBe("provisioning");
    expect(res.provisioning_error).toMatch(/ECONNREFUSED|connect/i);
    expect(await databaseExists(databaseOf(res.id))).toBe(false);
    // The operator points it at a working server; the retry (what the provisioning job runs) finishes.
    await sql("UPDATE public.tenants SET database_url = NULL WHERE id = $1", [res.id]);
    await provisionTenant(res.id);
    const after = await getTenant(res.id);
    expect(after).toMatchObject({ status: "active", provisioning_error: null });
    expect(await tablesIn("public", databaseUrlFor(databaseOf(res.id)))).toEqual(TEMPLATE_TABLES);
  });
});

describe("shared tier", () => {
  it("provisioning several shared tenants at once keeps one shared schema with one set of tables", async () => {
    const ts = await Promise.all(
      [1, 2, 3, 4].map((i) => createTenant({ name: `Shared ${i}`, isolation: "shared" }, system, { provision: false })),
    );
    await Promise.all(ts.map((t) => provisionTenant(t.id)));
    for (const t of ts) expect((await getTenant(t.id)).status).toBe("active");
    expect(await tablesIn("tenant_shared")).toEqual(TEMPLATE_TABLES);
    expect(await migrationRows("tenant_shared")).toBe(templateCount());
  });
});

