// A tenant whose provisioning fails stays `provisioning` with the error recorded, and the retry job on
// the Postgres queue (pg-boss) finishes it once the cause is gone: no half-made tenant, no lost one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../lib/ids";
import { enqueueProvisioning, startProvisioningWorker } from "../../lib/jobs/provisioning";
import { stopQueue } from "../../lib/jobs/queue";
import { createTenant, getTenant, provisionTenant } from "../../lib/tenants/service";
import { sql, tablesIn } from "../setup/db";

const actor = { type: "system", label: "retry test" } as const;

async function waitForStatus(id: string, status: string, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const t = await getTenant(id, { includeDeleted: true });
    if (t.status === status) return t;
    if (Date.now() > end) throw new Error(`tenant ${id} is still ${t.status} (${t.provisioning_error ?? "no error"})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("provisioning retries on the job queue", () => {
  beforeAll(async () => {
    await startProvisioningWorker();
  });
  afterAll(async () => {
    await stopQueue();
  });

  it("keeps retrying while provisioning fails, and finishes once the cause is gone", async () => {
    // A tenant row in `provisioning` whose schema already holds a foreign `projects` table, so the
    // template's CREATE TABLE fails (the state a crash or a bad manual change could leave).
    const id = newId("ten");
    const schema = `t_${id.slice(4)}`;
    await sql(`CREATE SCHEMA "${schema}"`);
    await sql(`CREATE TABLE "${schema}".projects (blocker int)`);
    await sql(
      `INSERT INTO tenants (id, slug, name, plan_id, isolation, data_location, status, updated_at)
       VALUES ($1, $2, 'Retry Me', 'free', 'schema', $3, 'provisioning', now())`,
      [id, `retry-${id.slice(4, 12)}`, schema],
    );
    await expect(provisionTenant(id)).rejects.toThrow(/already exists/);
    expect((await getTenant(id)).status).toBe("provisioning");
    // The failed attempt left nothing of the template behind (it runs in one transaction).
    expect(await tablesIn(schema)).toEqual(["projects"]);

    await enqueueProvisioning(id, 0);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await getTenant(id)).status).toBe("provisioning");

    await sql(`DROP TABLE "${schema}".projects`);
    const done = await waitForStatus(id, "active", 45_000);
    expect(done.template_version).toBeTruthy();
    expect(await tablesIn(schema)).toEqual(["_prisma_migrations", "projects", "tasks"]);
  });

  it("createTenant answers with a provisioning tenant and its error, and queues the retry", async () => {
    const t = await createTenant(
      { name: "Queued Later", isolation: "database", database_url: "postgresql://nobody@127.0.0.1:1/none" },
      actor,
    );
    expect(t.status).toBe("provisioning");
    expect(t.provisioning_error).toMatch(/ECONNREFUSED|connect/i);
    const [queued] = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'tenant-provision' AND data->>'tenantId' = $1",
      [t.id],
    );
    expect(queued.n).toBe(1);
  });
});
