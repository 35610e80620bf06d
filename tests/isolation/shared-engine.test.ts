// Schema- and shared-tier tenants run on ONE Prisma engine whose SQL names a placeholder schema that is
// swapped for the tenant's just before it is sent (lib/isolation/shared-engine.ts). These tests try to
// make one tenant's query land in another's data: interleaved tenants in the same ticks, findUnique
// calls Prisma would batch, batch and interactive transactions held open while others run, and all
// three tiers at once. Every check reads the rows back through SQL as well as through the clients.
import { setTimeout as sleep } from "node:timers/promises";
import { runInNewContext } from "node:vm";
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { bindSql, SchemaNotBoundError, SCHEMA_PLACEHOLDER } from "@/lib/isolation/shared-engine";
import { closeRouter, tenantDb, type TenantClient } from "@/lib/isolation/router";
import { createTenant } from "@/lib/tenants/service";
import { databaseUrlFor, sql } from "../setup/db";

const system = { type: "system" } as const;
type Tier = "schema" | "shared" | "database";

interface Seeded {
  id: string;
  tier: Tier;
  db: TenantClient;
  /** A project only this tenant has. */
  projectId: string;
  label: string;
}

async function seeded(label: string, tier: Tier): Promise<Seeded> {
  const t = await createTenant({ name: `Iso ${label}`, isolation: tier }, system);
  const db = await tenantDb(t.id);
  const p = await db.project.create({
    data: { name: `${label}-seed`, tasks: { create: [{ title: `${label}-task-1` }, { title: `${label}-task-2` }] } },
  });
  return { id: t.id, tier, db, projectId: p.id, label };
}

/** Project names in the tenant's own storage, read with plain SQL (not through the router). */
async function storedNames(t: Seeded): Promise<string[]> {
  const suffix = t.id.slice(4);
  const rows =
    t.tier === "schema"
      ? await sql<{ name: string }>(`SELECT name FROM "t_${suffix}".projects ORDER BY name`)
      : t.tier === "shared"
        ? await sql<{ name: string }>("SELECT name FROM tenant_shared.projects WHERE tenant_id = $1 ORDER BY name", [t.id])
        : await sql<{ name: string }>("SELECT name FROM public.projects ORDER BY name", [], databaseUrlFor(`tenant_${suffix}`));
  return rows.map((r) => r.name);
}

// Transactions wait longer for a connection than Prisma's 2 s default: the test machine is shared and
// every round asks for more transactions at once than the pool has connections.
const TX = { maxWait: 15_000, timeout: 30_000 };

/**
 * Many rounds; in each, every tenant fires the same mix of operations in the same tick, so Prisma's
 * request batching, the shared engine and the pool all see the tenants interleaved.
 */
async function interleave(tenants: Seeded[], rounds: number) {
  const others = (t: Seeded) => tenants.filter((o) => o !== t);
  for (let r = 0; r < rounds; r++) {
    await Promise.all(
      tenants.flatMap((t) => [
        // findUnique of the same shape from every tenant in one tick: Prisma batches these per client.
        t.db.project.findUnique({ where: { id: t.projectId } }).then((p) => expect(p?.name).toBe(`${t.label}-seed`)),
        ...others(t).map((o) => t.db.project.findUnique({ where: { id: o.projectId } }).then((p) => expect(p).toBeNull())),
        t.db.project.findMany({ where: { name: { endsWith: "-seed" } } }).then((ps) => expect(ps.map((p) => p.name)).toEqual([`${t.label}-seed`])),
        t.db.task.count({ where: { projectId: t.projectId } }).then((n) => expect(n).toBe(2)),
        t.db.project.create({ data: { name: `${t.label}-r${r}` } }),
        t.db.project.update({ where: { id: t.projectId }, data: { description: `round ${r}` } }),
        ...others(t).map((o) =>
          t.db.project.updateMany({ where: { id: o.projectId }, data: { description: "pwned" } }).then((u) => expect(u.count).toBe(0)),
        ),
        t.db
          .$transaction([t.db.project.count({ where: { name: `${t.label}-seed` } }), t.db.task.findMany({ where: { projectId: t.projectId } })], TX)
          .then(([n, tasks]) => {
            expect(n).toBe(1);
            expect(tasks.map((x) => x.title).sort()).toEqual([`${t.label}-task-1`, `${t.label}-task-2`]);
          }),
        // An interactive transaction held open across a timer while the other tenants' work runs.
        t.db.$transaction(async (tx) => {
          await tx.project.create({ data: { name: `${t.label}-itx${r}` } });
          await sleep(2);
          expect(await tx.project.count({ where: { name: `${t.label}-itx${r}` } })).toBe(1);
          expect(await tx.project.findUnique({ where: { id: others(t)[0].projectId } })).toBeNull();
        }, TX),
      ]),
    );
  }
  for (const t of tenants) {
    const expected = [`${t.label}-seed`, ...Array.from({ length: rounds }, (_, r) => [`${t.label}-r${r}`, `${t.label}-itx${r}`]).flat()].sort();
    expect((await t.db.project.findMany({ orderBy: { name: "asc" } })).map((p) => p.name)).toEqual(expected);
    expect(await storedNames(t)).toEqual(expected);
    expect((await t.db.project.findUniqueOrThrow({ where: { id: t.projectId } })).description).toBe(`round ${rounds - 1}`);
  }
}

describe("one engine, many tenants: no tenant ever reaches another's rows", () => {
  it("schema tier: four tenants interleaved in the same ticks", async () => {
    const tenants = await Promise.all(["sa", "sb", "sc", "sd"].map((l) => seeded(l, "schema")));
    await interleave(tenants, 8);
  });

  it("shared tier (row-level security on the shared engine): three tenants interleaved", async () => {
    // One after the other: provisioning a shared-tier tenant re-applies RLS to the shared tables (DDL),
    // which can deadlock with another shared tenant's first write; that is provisioning's concern.
    const tenants: Seeded[] = [];
    for (const l of ["ha", "hb", "hc"]) tenants.push(await seeded(l, "shared"));
    await interleave(tenants, 6);
  });

  it("all three tiers interleaved", async () => {
    const tenants = [
      await seeded("ma", "schema"),
      await seeded("mb", "shared"),
      await seeded("mc", "database"),
      await seeded("md", "schema"),
      await seeded("me", "database"),
    ];
    await interleave(tenants, 5);
    await closeRouter();
  });

  it("an interactive transaction stays in its tenant's schema while another tenant writes, and rolls back whole", async () => {
    const [a, b] = await Promise.all([seeded("ta", "schema"), seeded("tb", "schema")]);
    await expect(
      a.db.$transaction(async (tx) => {
        await tx.project.create({ data: { name: "ta-doomed-1" } });
        // The other tenant's writes happen inside A's callback, i.e. in A's async context.
        await b.db.project.create({ data: { name: "tb-inside-a" } });
        await b.db.$transaction(async (txb) => {
          await txb.project.create({ data: { name: "tb-nested" } });
          await tx.project.create({ data: { name: "ta-doomed-2" } });
        });
        throw new Error("roll A back");
      }),
    ).rejects.toThrow("roll A back");
    expect(await storedNames(a)).toEqual(["ta-seed"]);
    expect(await storedNames(b)).toEqual(["tb-inside-a", "tb-nested", "tb-seed"]);
  });

  it("a tenant client's $disconnect does not disconnect the others (the engine is shared)", async () => {
    const [a, b] = await Promise.all([seeded("da", "schema"), seeded("db", "schema")]);
    await a.db.$disconnect();
    expect(await b.db.project.count()).toBe(1);
    expect(await a.db.project.count()).toBe(1);
  });
});

describe("the placeholder schema", () => {
  const q = (text: string) => ({ sql: text, args: [], argTypes: [] });

  it("is replaced by the bound tenant's schema everywhere it appears", () => {
    const text = `SELECT "${SCHEMA_PLACEHOLDER}"."projects"."id" FROM "${SCHEMA_PLACEHOLDER}"."projects"`;
    expect(bindSql(q(text), '"t_abc"').sql).toBe(`SELECT "t_abc"."projects"."id" FROM "t_abc"."projects"`);
  });

  it("SQL naming it with no tenant bound is refused, not sent", () => {
    expect(() => bindSql(q(`SELECT 1 FROM "${SCHEMA_PLACEHOLDER}"."projects"`), undefined)).toThrow(SchemaNotBoundError);
    // SQL that does not name it (BEGIN, set_config, raw queries) passes through untouched.
    expect(bindSql(q("BEGIN"), undefined).sql).toBe("BEGIN");
  });

  it("does not exist in the database (a second fence)", async () => {
    expect(await sql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [SCHEMA_PLACEHOLDER])).toEqual([]);
  });
});

describe("memory", () => {
  it("a new tenant client costs kilobytes, not a query compiler of its own", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const N = 150;
    const ids: string[] = [];
    for (let i = 0; i < N; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => createTenant({ name: `Mem ${i + j}`, isolation: "schema" }, system)));
      ids.push(...batch.map((t) => t.id));
    }
    await (await tenantDb(ids[0])).project.count(); // the engine itself, and the plan, once
    gc();
    const before = process.memoryUsage();
    for (const id of ids) await (await tenantDb(id)).project.count();
    gc();
    const after = process.memoryUsage();
    const perClientKb = (after.heapUsed - before.heapUsed) / N / 1024;
    const rssPerClientKb = (after.rss - before.rss) / N / 1024;
    console.log(`[memory] per tenant client: ${perClientKb.toFixed(1)} KB heap, ${rssPerClientKb.toFixed(1)} KB RSS`);
    // One Prisma client with its own engine costs ~150 KB of heap and ~276 KB of RSS once it has run a query.
    expect(perClientKb).toBeLessThan(40);
    expect(rssPerClientKb).toBeLessThan(100);
  }, 120_000);
});
