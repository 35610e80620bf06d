// The harness itself: each run gets a fresh, migrated database of its own.
import { describe, expect, inject, it } from "vitest";
import { sql } from "./setup/db";

describe("test harness", () => {
  it("points the workers at a fresh, migrated database of this run", async () => {
    const url = inject("databaseUrl");
    expect(process.env.DATABASE_URL).toBe(url);
    expect(new URL(url).pathname).toMatch(/^\/tenantry_test_\d+_\d+$/);
    const [db] = await sql<{ name: string }>("SELECT current_database() AS name");
    expect(`/${db.name}`).toBe(new URL(url).pathname);
    const plans = await sql<{ id: string }>("SELECT id FROM public.plans ORDER BY sort_order");
    expect(plans.map((p) => p.id)).toEqual(["free", "pro", "enterprise"]);
    const migrations = await sql("SELECT 1 FROM public._prisma_migrations WHERE finished_at IS NOT NULL");
    expect(migrations.length).toBeGreaterThanOrEqual(3);
  });

  it("gives the workers a platform key and the repo root", () => {
    expect(process.env.TENANTRY_PLATFORM_KEY).toHaveLength(40);
    expect(process.env.TENANTRY_ROOT).toBeTruthy();
  });
});
