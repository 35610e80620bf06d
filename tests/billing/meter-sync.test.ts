// The meter-sync ledger against the Stripe double: exact totals, late usage as a delta, Stripe's
// timestamp window, two workers at once, 429/500 with backoff (one retry policy, bounded tries), and a real worker process killed with
// SIGKILL mid-batch — after which Stripe's totals still equal Tenantry's.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTenant } from "@/lib/tenants/service";
import { eventTimestamp, meterSyncState, runMeterSync } from "@/lib/billing/meter-sync";
import { MAX_TRIES } from "@/lib/billing/meter-sync-retry";
import { reconciliation, syncCatalogue, tenantBillingRow } from "./lib";
import type { RunningDouble } from "../../stripe-double";
import { sql } from "../setup/db";
import { startBilling, stopBilling, stripeFor, system } from "./helpers";

const HOUR = 3_600_000;
let d: RunningDouble;
const hourAgo = (n: number) => Math.floor(Date.now() / HOUR) * HOUR - n * HOUR;

async function billed(n: number, prefix: string): Promise<{ id: string; customer: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = await createTenant({ name: `${prefix} ${i}`, isolation: "shared", plan: "pro" }, system);
    out.push({ id: t.id, customer: (await tenantBillingRow(t.id)).stripe_customer_id! });
  }
  return out;
}

async function usage(tenantId: string, metric: string, at: number, value: number) {
  await sql("INSERT INTO usage_events (tenant_id, metric, value, occurred_at) VALUES ($1, $2, $3, $4)", [tenantId, metric, value, new Date(at)]);
}

/** What Tenantry says should be billed: per slice, whole units of the counter's sum. */
async function tenantryCounter(tenantId: string, metric: string): Promise<number> {
  const [r] = await sql<{ v: string | null }>(
    `SELECT sum(floor(s)) AS v FROM (SELECT sum(value) AS s FROM usage_events WHERE tenant_id = $1 AND metric = $2 AND occurred_at < date_trunc('hour', now()) GROUP BY date_trunc('hour', occurred_at)) x`,
    [tenantId, metric],
  );
  return Number(r.v ?? 0);
}

/** What the double counted (unique identifiers only). */
function stripeTotal(customer: string, metric: string): number {
  return d.state().meter_totals[customer]?.[`tenantry_${metric}`] ?? 0;
}

beforeAll(async () => {
  d = await startBilling();
  await syncCatalogue(system);
});
afterAll(async () => {
  delete process.env.TENANTRY_BILLING_SYNC_LOOKBACK_DAYS;
  await stopBilling(d);
});

describe("meter sync", () => {
  let ts: { id: string; customer: string }[];

  it("reports exact totals once; a second pass sends nothing", async () => {
    ts = await billed(3, "Metered");
    for (const [i, t] of ts.entries()) {
      for (let h = 1; h <= 5; h++) {
        await usage(t.id, "api_requests", hourAgo(h) + 60_000, 100 * (i + 1) + h);
        await usage(t.id, "api_requests", hourAgo(h) + 120_000, 0.5); // halves add up across events, not slices
        await usage(t.id, "egress_bytes", hourAgo(h) + 60_000, 1_000_000 * h);
        await usage(t.id, "storage_bytes", hourAgo(h) + 60_000, 5_000 + h);
        await usage(t.id, "storage_bytes", hourAgo(h) + 90_000, 7_000 + h);
      }
      await usage(t.id, "api_requests", Date.now(), 999); // the current hour waits until it is complete
    }
    const r = await runMeterSync({ tenantIds: ts.map((t) => t.id) });
    expect(r).toMatchObject({ tenants: 3, slices: 45, queued: 45, sent: 45, failed: 0 });
    for (const t of ts) {
      for (const m of ["api_requests", "egress_bytes"]) expect(stripeTotal(t.customer, m)).toBe(await tenantryCounter(t.id, m));
    }
    // Gauges: Stripe's "last" aggregation sees the last level of the range.
    const meters = await stripeFor(d).billing.meters.list();
    const storage = meters.data.find((m) => m.event_name === "tenantry_storage_bytes")!;
    const s = await stripeFor(d).billing.meters.listEventSummaries(storage.id, {
      customer: ts[0].customer,
      start_time: Math.floor(hourAgo(10) / 1000),
      end_time: Math.floor(Date.now() / 1000) + 60,
    });
    expect(s.data[0].aggregated_value).toBe(7_001);

    const before = d.state().counts.meter_events;
    expect(await runMeterSync({ tenantIds: ts.map((t) => t.id) })).toMatchObject({ queued: 0, sent: 0 });
    expect(d.state().counts.meter_events).toBe(before);
  });

  it("late usage is reported as a later delta with its own identifier, never dropped", async () => {
    const t = ts[0];
    await usage(t.id, "api_requests", hourAgo(3) + 300_000, 42);
    await usage(t.id, "storage_bytes", hourAgo(3) + 300_000, 9_999); // a new level in an old slice
    const r = await runMeterSync({ tenantIds: [t.id] });
    expect(r).toMatchObject({ queued: 2, sent: 2 });
    const rows = await sql<{ seq: number; value: string; identifier: string; status: string }>(
      "SELECT seq, value, identifier, status FROM billing_meter_reports WHERE tenant_id = $1 AND metric = 'api_requests' AND slice_start = $2 ORDER BY seq",
      [t.id, new Date(hourAgo(3))],
    );
    expect(rows.map((x) => [x.seq, Number(x.value), x.status])).toEqual([
      [1, 103, "sent"],
      [2, 42, "sent"],
    ]);
    expect(rows[1].identifier).toBe(`${t.id}:api_requests:${new Date(hourAgo(3)).toISOString().replace(".000Z", "Z")}:2`);
    expect(stripeTotal(t.customer, "api_requests")).toBe(await tenantryCounter(t.id, "api_requests"));
  });

  it("usage older than Stripe's 35-day window is reported at the oldest allowed time", async () => {
    const now = Date.now();
    expect(eventTimestamp(now - 40 * 86_400_000, 1, now)).toBe(Math.floor((now - 35 * 86_400_000 + HOUR) / 1000));
    expect(eventTimestamp(hourAgo(2), 3, now)).toBe(Math.floor(hourAgo(2) / 1000) + 2);
    process.env.TENANTRY_BILLING_SYNC_LOOKBACK_DAYS = "45";
    try {
      const [t] = await billed(1, "Old Usage");
      await usage(t.id, "egress_bytes", Date.now() - 40 * 86_400_000, 12345);
      const r = await runMeterSync({ tenantIds: [t.id] });
      expect(r).toMatchObject({ queued: 1, sent: 1, failed: 0 });
      expect(stripeTotal(t.customer, "egress_bytes")).toBe(12345);
    } finally {
      delete process.env.TENANTRY_BILLING_SYNC_LOOKBACK_DAYS;
    }
  });

  it("two workers at once report everything exactly once", async () => {
    const more = await billed(4, "Two Workers");
    for (const t of more) for (let h = 1; h <= 6; h++) await usage(t.id, "api_requests", hourAgo(h) + 1000, 10 * h);
    const ids = more.map((t) => t.id);
    const dupBefore = d.state().duplicate_meter_events;
    const [a, b] = await Promise.all([runMeterSync({ tenantIds: ids, concurrency: 4 }), runMeterSync({ tenantIds: ids, concurrency: 4 })]);
    expect(a.queued + b.queued).toBe(24);
    expect(a.sent + b.sent).toBe(24);
    const [dup] = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM (SELECT tenant_id, metric, slice_start FROM billing_meter_reports WHERE tenant_id = ANY($1) GROUP BY 1, 2, 3 HAVING count(*) > 1) x",
      [ids],
    );
    expect(dup.n).toBe(0);
    for (const t of more) expect(stripeTotal(t.customer, "api_requests")).toBe(210);
    expect(d.state().duplicate_meter_events).toBe(dupBefore);
  });

  it("many batches, claimed while earlier ones drain: exact totals, every row marked, never more than the concurrency in flight", async () => {
    // 2 tenants × 2 counters × 300 hours = 1,200 rows: three claimed batches of ≤ 500, several open at once.
    const many = await billed(2, "Many Batches");
    await sql(
      `INSERT INTO usage_events (tenant_id, metric, value, occurred_at)
       SELECT t, m, h, date_trunc('hour', now()) - make_interval(hours => h) + interval '1 minute'
       FROM unnest($1::text[]) AS t CROSS JOIN (VALUES ('api_requests'), ('egress_bytes')) AS x(m) CROSS JOIN generate_series(1, 300) AS h`,
      [many.map((t) => t.id)],
    );
    await fetch(`${d.url}/__double/reset-counters`, { method: "POST" });
    const r = await runMeterSync({ tenantIds: many.map((t) => t.id), concurrency: 7 });
    expect(r).toMatchObject({ queued: 1200, sent: 1200, failed: 0 });
    expect(r.maxInFlight).toBeLessThanOrEqual(7);
    expect(d.state().max_in_flight).toBeLessThanOrEqual(7);
    const [left] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM billing_meter_reports WHERE tenant_id = ANY($1) AND status <> 'sent'", [many.map((t) => t.id)]);
    expect(left.n).toBe(0);
    for (const t of many) for (const m of ["api_requests", "egress_bytes"]) expect(stripeTotal(t.customer, m)).toBe(45_150);
  });

  it("429 and 500 from Stripe are retried with backoff; nothing lost, nothing doubled", async () => {
    const [t] = await billed(1, "Flaky Stripe");
    for (let h = 1; h <= 8; h++) await usage(t.id, "api_requests", hourAgo(h) + 1000, h);
    d.double.fail({ path: "/v1/billing/meter_events", status: 429, count: 6 });
    d.double.fail({ path: "/v1/billing/meter_events", status: 500, count: 4 });
    const injected = d.state().injected_failures;
    const r = await runMeterSync({ tenantIds: [t.id], concurrency: 2 });
    expect(r).toMatchObject({ queued: 8, sent: 8, failed: 0 });
    expect(d.state().injected_failures - injected).toBe(10);
    expect(stripeTotal(t.customer, "api_requests")).toBe(36);
  });

  it("one retry policy: under a persistent 500 a slice gets exactly the loop's tries (the SDK adds none)", async () => {
    const [t] = await billed(1, "Persistent 500");
    await usage(t.id, "api_requests", hourAgo(1) + 1000, 5);
    d.double.fail({ path: "/v1/billing/meter_events", status: 500, count: 10_000 });
    const injected = d.state().injected_failures;
    try {
      expect(await runMeterSync({ tenantIds: [t.id] })).toMatchObject({ queued: 1, sent: 0, failed: 1 });
      expect(d.state().injected_failures - injected).toBe(MAX_TRIES);
    } finally {
      d.double.clearFailures();
    }
    expect(await runMeterSync({ tenantIds: [t.id] })).toMatchObject({ queued: 0, sent: 1 });
  });

  it("Stripe-Should-Retry: false is not retried; a 429's Retry-After is waited out", async () => {
    const [t] = await billed(1, "Retry Headers");
    await usage(t.id, "api_requests", hourAgo(1) + 1000, 3);
    d.double.fail({ path: "/v1/billing/meter_events", status: 500, count: 5, headers: { "stripe-should-retry": "false" } });
    let injected = d.state().injected_failures;
    try {
      expect(await runMeterSync({ tenantIds: [t.id] })).toMatchObject({ queued: 1, sent: 0, failed: 1 });
      expect(d.state().injected_failures - injected).toBe(1);
    } finally {
      d.double.clearFailures();
    }
    d.double.fail({ path: "/v1/billing/meter_events", status: 429, count: 1, headers: { "retry-after": "1" } });
    injected = d.state().injected_failures;
    const started = Date.now();
    expect(await runMeterSync({ tenantIds: [t.id] })).toMatchObject({ sent: 1, failed: 0 });
    expect(d.state().injected_failures - injected).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the jittered backoff alone would be ≤ 250 ms
    expect(stripeTotal(t.customer, "api_requests")).toBe(3);
  });

  it("Stripe down for the whole pass: rows stay pending with the error, and the next pass sends them", async () => {
    const [t] = await billed(1, "Stripe Down");
    for (let h = 1; h <= 3; h++) await usage(t.id, "egress_bytes", hourAgo(h) + 1000, 1000);
    d.double.fail({ path: "/v1/billing/meter_events", status: 500, count: 10_000 });
    const r = await runMeterSync({ tenantIds: [t.id], concurrency: 3 });
    expect(r).toMatchObject({ queued: 3, sent: 0, failed: 3 });
    const st = await meterSyncState();
    expect(st.backlog).toBeGreaterThanOrEqual(3);
    expect(st.lastError).toMatch(/could not be sent/);
    d.double.clearFailures();
    expect(await runMeterSync({ tenantIds: [t.id] })).toMatchObject({ queued: 0, sent: 3 });
    expect(stripeTotal(t.customer, "egress_bytes")).toBe(3000);
    expect((await meterSyncState()).lastError).toBeNull();
  });

  it("a sync worker killed with SIGKILL mid-batch: after a restart Stripe's totals equal Tenantry's", async () => {
    const victims = await billed(5, "Kill Nine");
    for (const t of victims) for (let h = 1; h <= 24; h++) for (const m of ["api_requests", "egress_bytes"]) await usage(t.id, m, hourAgo(h) + 1000, 7 * h);
    const ids = victims.map((t) => t.id);
    d.double.setLatency("/v1/billing/meter_events", 40); // slow enough to be caught mid-batch
    const startCount = d.state().counts.meter_events;
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process of its own, which
    // a SIGKILL of the CLI would leave running.
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./fixtures/meter-sync-worker.ts", import.meta.url))], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, DATABASE_URL: inject("databaseUrl"), SYNC_TENANTS: ids.join(","), SYNC_CONCURRENCY: "4" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    const exited = new Promise<NodeJS.Signals | number | null>((ok) => child.on("exit", (code, signal) => ok(signal ?? code)));
    // Wait until the worker has sent some of the 240 events (Stripe has them; the ledger does not yet).
    const deadline = Date.now() + 30_000;
    while (d.state().counts.meter_events - startCount < 40) {
      if (Date.now() > deadline) throw new Error(`the worker sent nothing: ${stderr}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const sentByVictim = d.state().counts.meter_events - startCount;
    expect(sentByVictim).toBeGreaterThan(0);
    expect(sentByVictim).toBeLessThan(240);
    const [pending] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM billing_meter_reports WHERE tenant_id = ANY($1) AND status = 'pending'", [ids]);
    expect(pending.n).toBeGreaterThan(0); // its sent marks died with it
    // Its connection's locks go when PostgreSQL sees the socket close (at once, but not synchronously).
    for (let i = 0; i < 100; i++) {
      const [free] = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM (SELECT id FROM billing_meter_reports WHERE tenant_id = ANY($1) AND status = 'pending' FOR UPDATE SKIP LOCKED) x",
        [ids],
      );
      if (free.n === pending.n) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }

    d.double.setLatency("/v1/billing/meter_events", 0);
    const r = await runMeterSync({ tenantIds: ids });
    expect(r.failed).toBe(0);
    for (const t of victims) {
      for (const m of ["api_requests", "egress_bytes"]) expect(stripeTotal(t.customer, m)).toBe(await tenantryCounter(t.id, m));
    }
    expect(d.state().counts.meter_events - startCount).toBe(240);
    // The restart resent every row, the victim's already-delivered ones included; Stripe kept one of
    // each (the same Idempotency-Key and identifier).
    expect(r.sent).toBe(240);
  });

  it("reconciliation shows Tenantry's, the ledger's and Stripe's totals side by side", async () => {
    const rows = await reconciliation({ from: hourAgo(30), to: hourAgo(0) });
    const mine = rows.filter((r) => ts.some((t) => t.id === r.tenantId) && r.metric !== "storage_bytes");
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect({ d: r.difference, s: r.stripeDifference }).toEqual({ d: 0, s: 0 });
    const [extra] = await billed(1, "Unreported");
    await usage(extra.id, "api_requests", hourAgo(2), 50);
    const after = await reconciliation({ from: hourAgo(30), to: hourAgo(0) });
    expect(after.find((r) => r.tenantId === extra.id && r.metric === "api_requests")).toMatchObject({ tenantry: 50, reported: 0, stripe: 0, difference: 50 });
  });
});
