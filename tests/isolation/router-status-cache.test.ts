// The router keeps each tenant's status in memory (a minute's backstop expiry) and relies on change
// notices to drop it: these tests change a tenant's status the way ANOTHER app instance would (in the
// database, with a notice or with none) and check that this instance's router follows.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { changeListenerConnected, changeNotice, startChangeListener, stopChangeListener } from "@/lib/db/changes";
import { isDomainError } from "@/lib/errors";
import { tenantDb } from "@/lib/isolation/router";
import { createTenant } from "@/lib/tenants/service";
import { sql } from "../setup/db";

const system = { type: "system" } as const;

async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
}

/** Another instance's status change: the row and, unless told otherwise, its notice, in one transaction. */
async function setStatusElsewhere(id: string, status: string, notify = true) {
  const c = new pg.Client({ connectionString: inject("databaseUrl") });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query("UPDATE public.tenants SET status = $2 WHERE id = $1", [id, status]);
    if (notify) await c.query("SELECT pg_notify($1, $2)", changeNotice({ kind: "tenant", id }));
    await c.query("COMMIT");
  } finally {
    await c.end();
  }
}

async function eventually(check: () => Promise<boolean>, ms = 5_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("tenant status across instances", () => {
  beforeAll(async () => {
    await startChangeListener();
  });
  afterAll(async () => {
    await stopChangeListener();
  });

  it("a suspension published by another instance refuses the tenant here at once, and a resumption serves it again", async () => {
    const t = await createTenant({ name: "Elsewhere", isolation: "schema" }, system);
    expect(await (await tenantDb(t.id)).project.count()).toBe(0); // cached as active

    await setStatusElsewhere(t.id, "suspended");
    await eventually(async () => (await refusal(tenantDb(t.id))) === "forbidden", 2_000);

    await setStatusElsewhere(t.id, "active");
    await eventually(async () => (await refusal(tenantDb(t.id))) === undefined, 2_000);
    expect(await (await tenantDb(t.id)).project.count()).toBe(0);
  });

  it("while notices may be missed (listener connection lost), the status is read from the database", async () => {
    const t = await createTenant({ name: "Missed Notice", isolation: "schema" }, system);
    expect(await (await tenantDb(t.id)).project.count()).toBe(0);
    await eventually(async () => changeListenerConnected());

    await sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tenantry-listen' AND datname = current_database()");
    await eventually(async () => !changeListenerConnected(), 2_000);
    await setStatusElsewhere(t.id, "suspended", false); // no notice at all
    expect(await refusal(tenantDb(t.id))).toBe("forbidden");

    // Back to normal once the listener has reconnected (and reset every cache).
    await eventually(async () => changeListenerConnected(), 15_000);
    await setStatusElsewhere(t.id, "active");
    await eventually(async () => (await refusal(tenantDb(t.id))) === undefined, 2_000);
  }, 30_000);
});
