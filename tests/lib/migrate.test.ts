// The migration runner (lib/db/migrate.ts): Prisma's bookkeeping without the Prisma CLI.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateControlPlane } from "@/lib/db/bootstrap";
import { applyMigrations, loadMigrations, MigrationChecksumError, migrationsDir } from "@/lib/db/migrate";
import { pool } from "@/lib/db/pool";
import { sql } from "../setup/db";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A migrations folder in Prisma's layout: `<name>/migration.sql`. */
function migrationsFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-migrations-"));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), body);
  }
  return dir;
}

const schemaName = () => `mig_${crypto.randomBytes(5).toString("hex")}`;
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

const V1 = 'CREATE TABLE "widgets" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);\n';
const V2 = 'ALTER TABLE "widgets" ADD COLUMN "size" INTEGER;\n';

describe("control plane", () => {
  it("re-running applies nothing; every file is recorded with its sha256", async () => {
    expect(await migrateControlPlane()).toEqual([]);
    const files = loadMigrations(migrationsDir.controlPlane());
    const rows = await sql<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM public._prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      const onDisk = fs.readFileSync(path.join(migrationsDir.controlPlane(), r.migration_name, "migration.sql"), "utf8");
      expect(r.checksum).toBe(sha256(onDisk));
      expect(r.checksum).toBe(files[i].checksum);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it("_prisma_migrations has Prisma's shape", async () => {
    const cols = await sql<{ column_name: string; data_type: string; character_maximum_length: number | null; is_nullable: string }>(
      `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(cols).toEqual([
      { column_name: "id", data_type: "character varying", character_maximum_length: 36, is_nullable: "NO" },
      { column_name: "checksum", data_type: "character varying", character_maximum_length: 64, is_nullable: "NO" },
      { column_name: "finished_at", data_type: "timestamp with time zone", character_maximum_length: null, is_nullable: "YES" },
      { column_name: "migration_name", data_type: "character varying", character_maximum_length: 255, is_nullable: "NO" },
      { column_name: "logs", data_type: "text", character_maximum_length: null, is_nullable: "YES" },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", character_maximum_length: null, is_nullable: "YES" },
      { column_name: "started_at", data_type: "timestamp with time zone", character_maximum_length: null, is_nullable: "NO" },
      { column_name: "applied_steps_count", data_type: "integer", character_maximum_length: null, is_nullable: "NO" },
    ]);
    const ids = await sql<{ id: string }>("SELECT id FROM public._prisma_migrations");
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("a migrations folder of our own", () => {
  it("applies in name order, then nothing on a re-run", async () => {
    const schema = schemaName();
    // Written out of order on purpose: the folder name decides.
    const dir = migrationsFolder({ "20260102000000_size": V2, "20260101000000_widgets": V1 });
    const migrations = loadMigrations(dir);
    expect(migrations.map((m) => m.name)).toEqual(["20260101000000_widgets", "20260102000000_size"]);
    expect(await applyMigrations(pool(), migrations, schema, { createSchema: true })).toEqual(["20260101000000_widgets", "20260102000000_size"]);
    expect(await applyMigrations(pool(), migrations, schema)).toEqual([]);
    const cols = await sql<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'widgets' ORDER BY ordinal_position",
      [schema],
    );
    expect(cols.map((c) => c.column_name)).toEqual(["id", "name", "size"]);
    const rows = await sql<{ checksum: string }>(`SELECT checksum FROM "${schema}"._prisma_migrations ORDER BY migration_name`);
    expect(rows.map((r) => r.checksum)).toEqual([sha256(V1), sha256(V2)]);
  });

  it("a new migration added later is applied alone", async () => {
    const schema = schemaName();
    await applyMigrations(pool(), loadMigrations(migrationsFolder({ "20260101000000_widgets": V1 })), schema, { createSchema: true });
    const more = loadMigrations(migrationsFolder({ "20260101000000_widgets": V1, "20260102000000_size": V2 }));
    expect(await applyMigrations(pool(), more, schema)).toEqual(["20260102000000_size"]);
  });

  it("an applied migration that was changed throws MigrationChecksumError, and nothing after it runs", async () => {
    const schema = schemaName();
    await applyMigrations(pool(), loadMigrations(migrationsFolder({ "20260101000000_widgets": V1 })), schema, { createSchema: true });
    const edited = loadMigrations(
      migrationsFolder({ "20260101000000_widgets": V1.replace("TEXT", "VARCHAR(10)"), "20260102000000_size": V2 }),
    );
    await expect(applyMigrations(pool(), edited, schema)).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(applyMigrations(pool(), edited, schema)).rejects.toThrow(/20260101000000_widgets was changed/);
    const rows = await sql(`SELECT 1 FROM "${schema}"._prisma_migrations`);
    expect(rows).toHaveLength(1);
    const size = await sql("SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'size'", [schema]);
    expect(size).toHaveLength(0);
  });

  it("a failing migration leaves nothing behind: neither its own changes nor the earlier ones of the same run", async () => {
    const schema = schemaName();
    const dir = migrationsFolder({ "20260101000000_widgets": V1, "20260102000000_broken": "ALTER TABLE nope ADD COLUMN x int;" });
    await expect(applyMigrations(pool(), loadMigrations(dir), schema, { createSchema: true })).rejects.toThrow(/nope/);
    expect(await sql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])).toHaveLength(0);
  });

  it("two concurrent runs on one schema apply each migration once", async () => {
    const schema = schemaName();
    // Not idempotent SQL: running it twice would fail, so a double apply cannot hide.
    const migrations = loadMigrations(migrationsFolder({ "20260101000000_widgets": V1, "20260102000000_size": V2 }));
    const results = await Promise.all([
      applyMigrations(pool(), migrations, schema, { createSchema: true }),
      applyMigrations(pool(), migrations, schema, { createSchema: true }),
      applyMigrations(pool(), migrations, schema, { createSchema: true }),
    ]);
    expect(results.flat().sort()).toEqual(["20260101000000_widgets", "20260102000000_size"]);
    expect(results.filter((r) => r.length === 0)).toHaveLength(2);
    const rows = await sql<{ migration_name: string }>(`SELECT migration_name FROM "${schema}"._prisma_migrations ORDER BY 1`);
    expect(rows.map((r) => r.migration_name)).toEqual(["20260101000000_widgets", "20260102000000_size"]);
  });
});
