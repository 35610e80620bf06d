// The billing commands as an operator runs them (`npm run stripe:sync`, `npm run stripe:reconcile`:
// real processes on the run's database), and a plan change through the REST API when Stripe refuses it.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTenant, getTenant } from "@/lib/tenants/service";
import type { RunningDouble } from "../../stripe-double";
import { api } from "../setup/api";
import { sql } from "../setup/db";
import { startBilling, stopBilling, system } from "./helpers";
import { tenantBillingRow } from "./lib";

const root = fileURLToPath(new URL("../..", import.meta.url));
let d: RunningDouble;

// Asynchronous: the double answers from this process, so it must not be blocked while the command runs.
function command(script: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject("databaseUrl"), ...env },
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("exit", (code) => ok({ code, out }));
  });
}

beforeAll(async () => {
  d = await startBilling();
});
afterAll(async () => {
  await stopBilling(d);
});

describe("npm run stripe:sync / stripe:reconcile", () => {
  it("refuses clearly with billing off", async () => {
    const r = await command("stripe-sync", [], { STRIPE_SECRET_KEY: "" });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Billing is off: set STRIPE_SECRET_KEY/);
  });

  it("syncs the catalogue and backfills tenants; a second run reports everything unchanged", async () => {
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    const t = await createTenant({ name: "Cmd Backfill", isolation: "shared" }, system);
    process.env.STRIPE_SECRET_KEY = key;
    const first = await command("stripe-sync");
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/created {3}meter tenantry_api_requests/);
    expect(first.out).toMatch(/customers created: 1, subscriptions created: 1/);
    expect((await tenantBillingRow(t.id)).stripe_subscription_id).toMatch(/^sub_/);
    const second = await command("stripe-sync", ["--usage"]);
    expect(second.code, second.out).toBe(0);
    expect(second.out).not.toMatch(/created {3}/);
    expect(second.out).toMatch(/customers created: 0, subscriptions created: 0/);
    expect(second.out).toMatch(/meter sync: 0 new ledger rows/);
  });

  it("reconcile lists what differs and exits 1, then 0 once the sync has run", async () => {
    const t = await createTenant({ name: "Cmd Reconcile", isolation: "shared", plan: "pro" }, system);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES ($1, 'api_requests', 77, $2)", [t.id, new Date(hour)]);
    const from = new Date(hour - 3_600_000).toISOString();
    const before = await command("stripe-reconcile", ["--from", from]);
    expect(before.code, before.out).toBe(1);
    expect(before.out).toMatch(/cmd-reconcile\s+api_requests\s+77\s+0\s+0\s+77/);
    expect((await command("stripe-sync", ["--usage"])).code).toBe(0);
    const after = await command("stripe-reconcile", ["--from", from]);
    expect(after.code, after.out).toBe(0);
    expect(after.out).toMatch(/Everything reported matches/);
  });
});

describe("PATCH /api/v1/tenants/{id} with Stripe refusing the plan change", () => {
  it("answers 409 problem+json saying why, and the plan stays", async () => {
    const t = await createTenant({ name: "Rest Refused", isolation: "shared", plan: "free" }, system);
    const row = await tenantBillingRow(t.id);
    expect(row.stripe_subscription_id).toMatch(/^sub_/);
    d.double.fail({ path: `/v1/subscriptions/${row.stripe_subscription_id}`, method: "POST", status: 500, count: 10 });
    const r = await api.patch(t.id, { plan: "pro" });
    d.double.clearFailures();
    expect(r.status).toBe(409);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect((await r.json()).detail).toMatch(/Stripe refused the plan change, so the plan is unchanged/);
    expect((await getTenant(t.id)).plan).toBe("free");
    const ok = await api.patch(t.id, { plan: "pro" });
    expect(ok.status).toBe(200);
    expect((await ok.json()).plan).toBe("pro");
  });
});
