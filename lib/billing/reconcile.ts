// Reconciliation: per tenant and billable metric over a period, Tenantry's total (what should be
// billed: whole units per hour slice for counters, the last level for gauges), what the ledger says
// was reported, and what Stripe's meter event summaries say it received.
import { pool } from "../db/pool";
import { hourlySlices } from "../metering/read";
import { METRIC_KIND } from "../quotas/metrics";
import { billingConfig, stripe } from "./config";
import { BILLABLE_METRICS, type BillableMetric, type ReconciliationRow } from "./types";
import { periodOf } from "../quotas/period";

const HOUR = 3_600_000;

export async function reconciliation(opts: { from?: number; to?: number; tenantIds?: string[]; stripe?: boolean } = {}): Promise<ReconciliationRow[]> {
  const now = Date.now();
  const from = Math.floor((opts.from ?? periodOf(now).start) / HOUR) * HOUR;
  const to = Math.min(Math.floor((opts.to ?? now) / HOUR) * HOUR, Math.floor(now / HOUR) * HOUR) || from + HOUR;
  const tenants = (
    await pool().query<{ id: string; slug: string; customer: string }>(
      `SELECT id, slug, stripe_customer_id AS customer FROM tenants WHERE stripe_customer_id IS NOT NULL AND status <> 'deleted'
       ${opts.tenantIds ? "AND id = ANY($1)" : ""} ORDER BY slug LIMIT 2000`,
      opts.tenantIds ? [opts.tenantIds] : [],
    )
  ).rows;
  if (tenants.length === 0) return [];
  const metrics = [...BILLABLE_METRICS];
  const ids = tenants.map((t) => t.id);
  const [slices, ledger, meters] = await Promise.all([
    hourlySlices(ids, metrics, from, to),
    pool().query<{ tenant_id: string; metric: string; total: string; last: string | null }>(
      `SELECT tenant_id, metric, sum(value) AS total, (array_agg(value ORDER BY slice_start DESC, seq DESC))[1] AS last
       FROM billing_meter_reports WHERE tenant_id = ANY($1) AND status = 'sent' AND slice_start >= $2 AND slice_start < $3 GROUP BY 1, 2`,
      [ids, new Date(from), new Date(to)],
    ),
    pool().query<{ metric: string; stripe_meter_id: string }>("SELECT metric, stripe_meter_id FROM billing_meters"),
  ]);
  const tenantry = new Map<string, number>();
  const lastSlice = new Map<string, number>();
  for (const s of slices) {
    const k = `${s.tenantId}|${s.metric}`;
    if (METRIC_KIND[s.metric] === "gauge") {
      if ((lastSlice.get(k) ?? -1) < s.t) {
        lastSlice.set(k, s.t);
        tenantry.set(k, Math.round(s.value));
      }
    } else tenantry.set(k, (tenantry.get(k) ?? 0) + Math.floor(s.value));
  }
  const reported = new Map(ledger.rows.map((r) => [`${r.tenant_id}|${r.metric}`, METRIC_KIND[r.metric as BillableMetric] === "gauge" ? Number(r.last ?? 0) : Number(r.total)]));
  const meterOf = new Map(meters.rows.map((m) => [m.metric, m.stripe_meter_id]));
  const askStripe = opts.stripe !== false && billingConfig().enabled;
  const rows: ReconciliationRow[] = [];
  const jobs: (() => Promise<void>)[] = [];
  for (const t of tenants) {
    for (const metric of metrics) {
      const k = `${t.id}|${metric}`;
      const row: ReconciliationRow = {
        tenantId: t.id,
        tenantSlug: t.slug,
        metric,
        periodStart: new Date(from),
        periodEnd: new Date(to),
        tenantry: tenantry.get(k) ?? 0,
        reported: reported.get(k) ?? 0,
        stripe: null,
        difference: 0,
        stripeDifference: null,
      };
      row.difference = row.tenantry - row.reported;
      rows.push(row);
      const meterId = meterOf.get(metric);
      if (askStripe && meterId) {
        jobs.push(async () => {
          try {
            const s = await stripe().billing.meters.listEventSummaries(meterId, {
              customer: t.customer,
              start_time: Math.floor(from / 1000),
              end_time: Math.floor(to / 1000),
            });
            row.stripe = s.data.reduce((sum, x) => sum + Number(x.aggregated_value), 0);
            row.stripeDifference = row.stripe - row.reported;
          } catch {
            row.stripe = null;
          }
        });
      }
    }
  }
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < jobs.length) await jobs[next++]();
  }));
  return rows;
}
