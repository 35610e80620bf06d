// The dashboard's tenant lists: who used the most this month, and who is close to a quota. Composed
// from the read contract (topTenants) and the quota period totals the data plane itself checks
// against (periodTotals in lib/metering/read.ts), so "near its quota" here means what a quota check means.
import { db } from "../db/client";
import { effectiveQuotas, type QuotaKey } from "../quotas/effective";
import { GAUGES, METRIC_KIND, METRIC_QUOTA, METRICS, type Metric } from "../quotas/metrics";
import { periodOf } from "../quotas/period";
import { periodTotals, topTenants } from "./read";

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  plan: string;
  status: string;
}

export interface Leader extends TenantRef {
  value: number;
}

/** The tenants with the most of `metric` this month, with their names; deleted tenants left out. */
export async function topTenantsThisMonth(metric: Metric, limit = 5, now = Date.now()): Promise<Leader[]> {
  const p = periodOf(now);
  // Ask for a few more than shown: deleted tenants still have usage rows this month.
  const top = await topTenants(metric, p.start, p.end, limit + 10);
  const refs = await tenantRefs(top.map((t) => t.tenantId));
  return top
    .filter((t) => refs.has(t.tenantId))
    .slice(0, limit)
    .map((t) => ({ ...refs.get(t.tenantId)!, value: t.value }));
}

export interface NearQuota extends TenantRef {
  metric: Metric;
  quota: QuotaKey;
  used: number;
  limit: number;
  ratio: number;
}

const QUOTA_METRICS = METRICS.filter((m) => METRIC_QUOTA[m] !== null);
const COUNTERS = QUOTA_METRICS.filter((m) => METRIC_KIND[m] === "counter");
const QUOTA_GAUGES = QUOTA_METRICS.filter((m) => GAUGES.includes(m));
const BATCH = 1000;

/**
 * Live tenants using at least `threshold` of a finite quota this period, highest ratio first (one row
 * per tenant and quota). Reads tenants in pages and their period totals in batches of 1,000, so a
 * platform with many tenants costs a few queries, not one per tenant.
 */
export async function tenantsNearQuota(threshold = 0.8, limit = 10, now = Date.now()): Promise<NearQuota[]> {
  const p = periodOf(now);
  const out: NearQuota[] = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().tenant.findMany({
      where: { status: { in: ["active", "suspended"] }, ...(cursor ? { id: { gt: cursor } } : {}) },
      include: { plan: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1].id;
    const limited = rows
      .map((t) => ({ t, quotas: effectiveQuotas(t.plan, t.quotaOverrides) }))
      .filter(({ quotas }) => QUOTA_METRICS.some((m) => quotas[METRIC_QUOTA[m]!] !== null));
    if (limited.length > 0) {
      const totals = await periodTotals(limited.map((x) => x.t.id), p.start, p.end, COUNTERS, QUOTA_GAUGES);
      for (const { t, quotas } of limited) {
        const tt = totals.get(t.id);
        for (const metric of QUOTA_METRICS) {
          const key = METRIC_QUOTA[metric]!;
          const limitValue = quotas[key];
          if (limitValue === null) continue;
          const used = METRIC_KIND[metric] === "gauge" ? (tt?.gauges.get(metric)?.value ?? 0) : (tt?.sums.get(metric) ?? 0);
          const ratio = limitValue === 0 ? (used > 0 ? Infinity : 0) : used / limitValue;
          if (ratio >= threshold && used > 0) {
            out.push({ id: t.id, slug: t.slug, name: t.name, plan: t.planId, status: t.status, metric, quota: key, used, limit: limitValue, ratio });
          }
        }
      }
    }
    if (rows.length < BATCH) break;
  }
  return out.sort((a, b) => b.ratio - a.ratio || a.name.localeCompare(b.name)).slice(0, limit);
}

async function tenantRefs(ids: string[]): Promise<Map<string, TenantRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db().tenant.findMany({
    where: { id: { in: ids }, status: { not: "deleted" } },
    select: { id: true, slug: true, name: true, planId: true, status: true },
  });
  return new Map(rows.map((r) => [r.id, { id: r.id, slug: r.slug, name: r.name, plan: r.planId, status: r.status }]));
}
