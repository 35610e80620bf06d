// Applies Prisma-layout migration folders (`<name>/migration.sql`) without the Prisma CLI: plain SQL in
// one transaction per target under an advisory lock, recorded in `_prisma_migrations` exactly as Prisma
// records them (sha256 of the file as checksum), so `prisma migrate status` agrees on a full install.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { quoteIdent } from "./sql";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationChecksumError extends Error {
  constructor(target: string, name: string) {
    super(`Migration ${name} was changed after it was applied to ${target}. Restore the original file and add a new migration instead.`);
  }
}

const cache = new Map<string, Migration[]>();

/** Reads a migrations folder (cached per process; the folder is part of the release). */
export function loadMigrations(dir: string): Migration[] {
  const abs = path.resolve(dir);
  const hit = cache.get(abs);
  if (hit) return hit;
  const list = fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(abs, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(abs, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
  cache.set(abs, list);
  return list;
}

export const migrationsDir = {
  controlPlane: () => path.resolve(/*turbopackIgnore: true*/ process.env.TENANTRY_ROOT ?? process.cwd(), "prisma/migrations"),
  tenant: () => path.resolve(/*turbopackIgnore: true*/ process.env.TENANTRY_ROOT ?? process.cwd(), "prisma/tenant/migrations"),
};

/** The newest migration of a folder: the version a fully migrated target is on. */
export function latestVersion(migrations: Migration[]): string | null {
  return migrations.length ? migrations[migrations.length - 1].name : null;
}

const CREATE_TABLE = (schema: string) => `
CREATE TABLE IF NOT EXISTS ${schema}."_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Brings one target (a schema on the connection's database) up to date, inside the caller's
 * transaction. Returns the names applied. Call it in a transaction: the lock is transaction-scoped.
 */
export async function applyMigrationsInTransaction(
  client: pg.ClientBase,
  migrations: Migration[],
  schema: string,
  opts: { createSchema?: boolean } = {},
): Promise<string[]> {
  const s = quoteIdent(schema);
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`tenantry.migrate:${schema}`]);
  if (opts.createSchema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(`SET LOCAL search_path TO ${s}`);
  await client.query(CREATE_TABLE(s));
  const { rows } = await client.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM ${s}."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  const done: string[] = [];
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum !== undefined) {
      if (sum !== m.checksum) throw new MigrationChecksumError(schema, m.name);
      continue;
    }
    await client.query(m.sql);
    await client.query(
      `INSERT INTO ${s}."_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [crypto.randomUUID(), m.checksum, m.name],
    );
    done.push(m.name);
  }
  return done;
}

/** Applies migrations to one schema in a transaction of its own. */
export async function applyMigrations(
  pool: pg.Pool,
  migrations: Migration[],
  schema: string,
  opts: { createSchema?: boolean } = {},
): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const done = await applyMigrationsInTransaction(client, migrations, schema, opts);
    await client.query("COMMIT");
    return done;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
