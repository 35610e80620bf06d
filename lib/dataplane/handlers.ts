// The data-plane endpoints (API.md "Data plane"), framework-free, each one declaration through
// dataPlaneRoute.
import { limitOf, quotaView, type QuotaDemand } from "../quotas/evaluate";
import { METRIC_KIND, isMetric, type Metric } from "../quotas/metrics";
import { ingestBatch } from "../metering/ingest";
import { parseQuotaCheck, parseUsageBatch, type QuotaCheck, type UsageBatch } from "../usage/schemas";
import { usedOf } from "../quotas/usage";
import { dataPlaneRoute } from "./route";

/** POST /api/v1/usage — 202 once the batch is committed; repeated idempotency keys are not counted twice. */
export const postUsage = dataPlaneRoute<UsageBatch>(
  {
    scope: "usage:write",
    body: parseUsageBatch,
    // Reporting usage is refused once a counter's quota is used up; gauges (levels such as storage)
    // are always accepted, so the tenant's real level stays known even above its limit.
    quota: (b) => {
      const metrics = new Set<Metric>();
      // Registered metrics have no quota.
      for (const e of b.events) if (isMetric(e.metric) && METRIC_KIND[e.metric] === "counter") metrics.add(e.metric);
      return [...metrics].map((metric): QuotaDemand => ({ metric, amount: 0, rule: "not_reached" }));
    },
  },
  async ({ tenant, body, now }) => {
    const { accepted } = await ingestBatch(tenant.id, body, now);
    return { status: 202, body: { accepted } };
  },
);

/** GET /api/v1/quota — usage against every limit in the current period. */
export const getQuota = dataPlaneRoute({ scope: "quota:read" }, ({ tenant, usage }) => ({
  status: 200,
  body: quotaView(tenant.id, tenant.plan, tenant.quotas, usage, usage.period),
}));

let periodEnd = { end: 0, iso: "" };
/** The period's end as ISO text, built once per period rather than on every quota check. */
function isoOfPeriodEnd(end: number): string {
  if (periodEnd.end !== end) periodEnd = { end, iso: new Date(end).toISOString() };
  return periodEnd.iso;
}

/** POST /api/v1/quota/check — may the tenant use `amount` more of `metric` this period? */
export const postQuotaCheck = dataPlaneRoute<QuotaCheck>(
  {
    scope: "quota:read",
    body: parseQuotaCheck,
    quota: (b) => (isMetric(b.metric) ? [{ metric: b.metric, amount: b.amount, rule: "fits" }] : []),
  },
  ({ tenant, usage, body }) => {
    // A registered metric has no quota: always allowed, nothing remaining to count down.
    const limit = isMetric(body.metric) ? limitOf(tenant.quotas, body.metric) : null;
    return {
      status: 200,
      body: {
        allowed: true,
        // What is left once `amount` is used (for api_requests that includes this very request).
        remaining: limit === null ? null : Math.max(0, limit - usedOf(usage, body.metric as Metric) - body.amount),
        reset_at: isoOfPeriodEnd(usage.period.end),
      },
    };
  },
);
