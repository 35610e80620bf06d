// The data plane's part of the OpenAPI document: POST /api/v1/usage, GET /api/v1/quota and
// POST /api/v1/quota/check, served by the fast path (lib/dataplane) rather than by app/api route files.
// Request bodies come from the zod schemas the handlers validate with (lib/usage/schemas.ts); response
// bodies from the schemas below, which tests parse real responses with. Kept apart from document.ts,
// which merges it in with `withDataPlane`.
import { z } from "zod";
import { TENANT_SCOPES } from "../keys/schemas";
import { METRICS, type Metric } from "../quotas/metrics";
import type { QuotaView } from "../quotas/evaluate";
import { quotaCheckSchema, usageBatchSchema } from "../usage/schemas";
import { jsonBody, jsonSchema, problem as problemWith, requestBody, type JsonSchema } from "./helpers";

const remaining = z.number().min(0).nullable().describe("null = unlimited");

export const usageAcceptedSchema = z.strictObject({
  accepted: z.number().int().min(1).describe("Events in the batch, all durable once this is answered."),
});

const metricQuotaSchema = z.strictObject({
  used: z.number().min(0).describe("Counters: the sum this period. Gauges: the latest level reported."),
  limit: z.number().min(0).nullable().describe("null = unlimited, or a metric no quota limits"),
  remaining,
});

export const quotaViewSchema = z.strictObject({
  tenant_id: z.string(),
  plan: z.string(),
  period_start: z.iso.datetime().describe("Start of the quota period (the calendar month, UTC)."),
  period_end: z.iso.datetime(),
  metrics: z.strictObject(Object.fromEntries(METRICS.map((m) => [m, metricQuotaSchema])) as Record<Metric, typeof metricQuotaSchema>),
});

export const quotaCheckResultSchema = z.strictObject({
  allowed: z.literal(true).describe("A refusal is a 429 problem instead."),
  remaining: remaining.describe("What is left once `amount` is used (for api_requests, this request included); null = unlimited."),
  reset_at: z.iso.datetime().describe("When the quota period ends and usage starts again from zero."),
});

// Compile-time guard: the documented quota view is the type the handler returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const quotaViewAgrees: Same<z.infer<typeof quotaViewSchema>, QuotaView> = true;
void quotaViewAgrees;

type Doc = { tags: JsonSchema[]; paths: Record<string, unknown>; components: { securitySchemes: JsonSchema; schemas: Record<string, JsonSchema> } };

const int = (description: string) => ({ description, schema: { type: "integer", minimum: 0 } });
const RATE_HEADERS = {
  "RateLimit-Limit": int("The tenant's requests per second. Sent on every response once the key is known, unless the tenant's rate is unlimited."),
  "RateLimit-Remaining": int("Requests left in the current window."),
  "RateLimit-Reset": int("Seconds until the window refills."),
};
const RETRY_AFTER = { "Retry-After": int("Seconds to wait: the next token (rate_limited), or the end of the quota period (quota_exceeded).") };

// Every data-plane answer carries the rate-limit headers unless it says otherwise.
const problem = (description: string, headers: JsonSchema = RATE_HEADERS) => problemWith(description, headers);
const ok = (ref: string, description: string) => jsonBody(ref, description, RATE_HEADERS);
const body = (ref: string) => requestBody(ref);

const refusals = (scope: string) => ({
  "401": problem("No key, or not a valid tenant key: malformed, wrong checksum, unknown, revoked or expired.", {}),
  "403": problem(`A platform key (tenant keys only here), a suspended tenant, or a key without the \`${scope}\` scope.`),
  "404": problem("The key's tenant has been deleted."),
  "405": problem("Another method on this path (`Allow` names the right one).", { Allow: { schema: { type: "string" } } }),
  "429": problem("`rate_limited` (more requests per second than the tenant's limit) or `quota_exceeded` (the period's quota is used up).", {
    ...RATE_HEADERS,
    ...RETRY_AFTER,
  }),
});
const withBody = {
  "400": problem("Malformed JSON or invalid fields (`errors` lists each); nothing is stored or charged."),
  "413": problem("The body is larger than 1 MiB.", {}),
};

/** Adds the data plane (tag, paths, the tenant-key scheme, schemas) to the control plane's document. */
export function withDataPlane<D extends Doc>(doc: D): D {
  const security = [{ tenantKey: [] }];
  doc.tags.push({ name: "data plane", description: "Called by the tenant's software with a tenant key. Served by the fast path of the same process." });
  Object.assign(doc.paths, {
    "/api/v1/usage": {
      post: {
        tags: ["data plane"],
        operationId: "reportUsage",
        summary: "Report usage events (1–1,000 per request)",
        description:
          "202 once the batch is durable. A repeated `idempotency_key` (within 24 h) is accepted and not counted twice. " +
          "Refused with 429 `quota_exceeded` once a counter's quota for the period is used up; gauges are always accepted. " +
          "`metric` is a built-in metric or a registered, unarchived one (GET /api/v1/metrics); an unknown or archived one is a 400 naming it, and nothing is stored.",
        security,
        requestBody: body("UsageBatch"),
        responses: { "202": ok("UsageAccepted", "Accepted and stored."), ...withBody, ...refusals("usage:write") },
      },
    },
    "/api/v1/quota": {
      get: {
        tags: ["data plane"],
        operationId: "getQuota",
        summary: "Usage against every limit in the current period",
        description: "The built-in metrics (registered metrics have no quota).",
        security,
        responses: { "200": ok("QuotaView", "Each metric's use, limit and what remains."), ...refusals("quota:read") },
      },
    },
    "/api/v1/quota/check": {
      post: {
        tags: ["data plane"],
        operationId: "checkQuota",
        summary: "May the tenant use `amount` more of `metric` this period?",
        description:
          "200 when it fits; 429 `quota_exceeded` when it does not (the check itself counts as one api request). A registered metric has no quota: 200 with `remaining: null`.",
        security,
        requestBody: body("QuotaCheck"),
        responses: { "200": ok("QuotaCheckResult", "It fits."), ...withBody, ...refusals("quota:read") },
      },
    },
  });
  doc.components.securitySchemes.tenantKey = {
    type: "http",
    scheme: "bearer",
    description: `A tenant key (\`tk_…\`) issued in the console or through /api/v1/tenants/{id}/keys, with the scope each endpoint names (${TENANT_SCOPES.join(", ")}).`,
  };
  Object.assign(doc.components.schemas, {
    UsageBatch: jsonSchema(usageBatchSchema, "input"),
    QuotaCheck: jsonSchema(quotaCheckSchema, "input"),
    UsageAccepted: jsonSchema(usageAcceptedSchema, "output"),
    QuotaView: jsonSchema(quotaViewSchema, "output"),
    QuotaCheckResult: jsonSchema(quotaCheckResultSchema, "output"),
  });
  return doc;
}
