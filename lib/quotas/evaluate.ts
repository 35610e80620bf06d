// Quota decisions and the data plane's quota view, from a tenant's effective quotas and its usage in
// the current period. null limits are unlimited and never refuse.
import type { Quotas } from "./effective";
import { METRIC_QUOTA, METRICS, type Metric } from "./metrics";
import type { Period } from "./period";
import { usedOf, type PeriodUsage } from "./usage";

export function limitOf(quotas: Quotas, metric: Metric): number | null {
  const q = METRIC_QUOTA[metric];
  return q === null ? null : quotas[q];
}

/**
 * How a demand meets a limit: `fits` — used + amount must stay within the limit (quota/check asks
 * "may I use this much more?"); `not_reached` — refused only once usage has reached the limit (usage
 * ingest: reporting what already happened is refused once the tenant is out of quota).
 */
export type QuotaRule = "fits" | "not_reached";

export interface QuotaDemand {
  metric: Metric;
  amount: number;
  rule: QuotaRule;
}

export function allows(limit: number | null, used: number, d: QuotaDemand): boolean {
  if (limit === null) return true;
  return d.rule === "fits" ? used + d.amount <= limit : used < limit;
}

/** The first demand that the tenant's quotas refuse, or null when all are allowed. */
export function refusedDemand(quotas: Quotas, usage: PeriodUsage, demands: readonly QuotaDemand[]): QuotaDemand | null {
  for (const d of demands) {
    if (!allows(limitOf(quotas, d.metric), usedOf(usage, d.metric), d)) return d;
  }
  return null;
}

export interface MetricQuotaView {
  used: number;
  limit: number | null;
  remaining: number | null;
}

export interface QuotaView {
  tenant_id: string;
  plan: string;
  period_start: string;
  period_end: string;
  metrics: Record<Metric, MetricQuotaView>;
}

export function quotaView(tenantId: string, plan: string, quotas: Quotas, usage: PeriodUsage, period: Period): QuotaView {
  const metrics = {} as Record<Metric, MetricQuotaView>;
  for (const m of METRICS) {
    const used = usedOf(usage, m);
    const limit = limitOf(quotas, m);
    metrics[m] = { used, limit, remaining: limit === null ? null : Math.max(0, limit - used) };
  }
  return {
    tenant_id: tenantId,
    plan,
    period_start: new Date(period.start).toISOString(),
    period_end: new Date(period.end).toISOString(),
    metrics,
  };
}
