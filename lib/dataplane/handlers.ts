// The data-plane endpoints (API.md "Data plane"), framework-free, each one declaration through
// dataPlaneRoute.
import { parseOrThrow } from "../errors";
import { limitOf, quotaView, type QuotaDemand } from "../quotas/evaluate";
import { METRIC_KIND, type Metric } from "../quotas/metrics";
import { ingestBatch } from "../metering/ingest";
import { quotaCheckSchema, usageBatchSchema, type QuotaCheck, type UsageBatch } from "../usage/schemas";
import { usedOf } from "../quotas/usage";
import { dataPlaneRoute } from "./route";

/** POST /api/v1/usage — 202 once the batch is committed; repeated idempotency keys are not counted twice. */
export const postUsage = dataPlaneRoute<UsageBatch>(
  {
    scope: "usage:write",
    body: (json) => parseOrThrow(usageBatchSchema, json, "The usage batch is not valid; nothing was stored."),
    // Reporting usage is refused once a counter's quota is used up; gauges (levels such as storage)
    // are always accepted, so the tenant's real level stays known even above its limit.
    quota: (b) => {
      const metrics = new Set<Metric>();
      for (const e of b.events) if (METRIC_KIND[e.metric] === "counter") metrics.add(e.metric);
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

/** POST /api/v1/quota/check — may the tenant use `amount` more of `metric` this period? */
export const postQuotaCheck = dataPlaneRoute<QuotaCheck>(
  {
    scope: "quota:read",
    body: (json) => parseOrThrow(quotaCheckSchema, json, "The quota check is not valid."),
    quota: (b) => [{ metric: b.metric, amount: b.amount, rule: "fits" }],
  },
  ({ tenant, usage, body }) => {
    const limit = limitOf(tenant.quotas, body.metric);
    return {
      status: 200,
      body: {
        allowed: true,
        // What is left once `amount` is used (for api_requests that includes this very request).
        remaining: limit === null ? null : Math.max(0, limit - usedOf(usage, body.metric) - body.amount),
        reset_at: new Date(usage.period.end).toISOString(),
      },
    };
  },
);
