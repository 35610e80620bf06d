// The data plane in the published OpenAPI document: its three endpoints with the tenant-key scheme,
// the rate-limit headers and every status they answer with; request bodies exactly as the handlers
// validate them, and responses exactly as the handlers send them.
import { describe, expect, it } from "vitest";
import * as openapi from "@/app/api/v1/openapi.json/route";
import { quotaCheckResultSchema, quotaViewSchema, usageAcceptedSchema } from "@/lib/openapi/dataplane";
import { METRICS } from "@/lib/quotas/metrics";
import { MAX_EVENTS_PER_BATCH, quotaCheckSchema, usageBatchSchema, usageEventSchema } from "@/lib/usage/schemas";
import { call, check, ingest, quota, tenantWithKey } from "../dataplane/helpers";

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; maxItems?: number; minItems?: number; default?: unknown; description?: string };
type Operation = {
  security: Record<string, unknown>[];
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref: string } }> }>;
};
interface Doc {
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

async function document(): Promise<Doc> {
  return (await openapi.GET().json()) as Doc;
}

const ENDPOINTS = [
  { path: "/api/v1/usage", method: "post", ok: "202", request: "UsageBatch", response: "UsageAccepted" },
  { path: "/api/v1/quota", method: "get", ok: "200", request: null, response: "QuotaView" },
  { path: "/api/v1/quota/check", method: "post", ok: "200", request: "QuotaCheck", response: "QuotaCheckResult" },
] as const;

const refName = (ref: string) => ref.replace("#/components/schemas/", "");

describe("the data plane in GET /api/v1/openapi.json", () => {
  it("documents the three endpoints with the tenant-key bearer scheme and every status they answer", async () => {
    const doc = await document();
    expect(doc.components.securitySchemes.tenantKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.tags.map((t) => t.name)).toContain("data plane");
    for (const e of ENDPOINTS) {
      const op = doc.paths[e.path]?.[e.method];
      expect(op, `${e.method} ${e.path}`).toBeDefined();
      expect(op.security).toEqual([{ tenantKey: [] }]);
      const expected = [e.ok, "401", "403", "404", "405", "429", ...(e.request ? ["400", "413"] : [])].sort();
      expect(Object.keys(op.responses).sort()).toEqual(expected);
      expect(refName(op.responses[e.ok].content!["application/json"].schema.$ref)).toBe(e.response);
      for (const code of ["401", "403", "429"]) {
        expect(op.responses[code].content!["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem");
      }
      // Rate-limit headers on success and on 429; Retry-After on 429.
      for (const code of [e.ok, "429"]) {
        expect(Object.keys(op.responses[code].headers ?? {})).toEqual(expect.arrayContaining(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]));
      }
      expect(op.responses["429"].headers).toHaveProperty("Retry-After");
      // A 401 (and a 413) carries no rate-limit headers, and says so by having no `headers` at all.
      expect(op.responses["401"]).not.toHaveProperty("headers");
      if (e.request) expect(op.responses["413"]).not.toHaveProperty("headers");
      if (e.request) {
        expect(op.requestBody?.required).toBe(true);
        expect(refName(op.requestBody!.content["application/json"].schema.$ref)).toBe(e.request);
      } else {
        expect(op.requestBody).toBeUndefined();
      }
    }
  });

  it("describes the request bodies as the validators read them", async () => {
    const { components } = await document();
    const batch = components.schemas.UsageBatch;
    expect(batch.required).toEqual(["events"]);
    const events = batch.properties!.events;
    expect(events).toMatchObject({ type: "array", minItems: 1, maxItems: MAX_EVENTS_PER_BATCH });
    const event = events.items!;
    expect(Object.keys(event.properties!).sort()).toEqual(Object.keys(usageEventSchema.shape).sort());
    expect(event.required!.sort()).toEqual(["metric", "value"]);
    // Any string: besides the built-ins, registered metrics (GET /api/v1/metrics) are accepted.
    expect(event.properties!.metric).toMatchObject({ type: "string" });
    for (const m of METRICS) expect(event.properties!.metric.description).toContain(m);

    const checkBody = components.schemas.QuotaCheck;
    expect(Object.keys(checkBody.properties!).sort()).toEqual(Object.keys(quotaCheckSchema.shape).sort());
    expect(checkBody.required).toEqual(["metric"]); // amount defaults to 1
    expect(checkBody.properties!.amount.default).toBe(1);
    expect(checkBody.properties!.metric).toMatchObject({ type: "string" });

    // And the validators agree with what the document calls required: the smallest documented bodies
    // pass, and each without a required field fails.
    expect(usageBatchSchema.safeParse({ events: [{ metric: "read_ops", value: 1 }] }).success).toBe(true);
    expect(usageBatchSchema.safeParse({ events: [{ metric: "read_ops" }] }).success).toBe(false);
    expect(usageBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(quotaCheckSchema.safeParse({ metric: "api_requests" }).success).toBe(true);
    expect(quotaCheckSchema.safeParse({ amount: 1 }).success).toBe(false);
  });

  it("describes the responses exactly as the handlers send them", async () => {
    const { components } = await document();
    const { key } = await tenantWithKey({ quotas: { requests_per_second: 100 } });
    const replies = {
      UsageAccepted: [await ingest(key, [{ metric: "read_ops", value: 3 }]), usageAcceptedSchema, 202],
      QuotaView: [await quota(key), quotaViewSchema, 200],
      QuotaCheckResult: [await check(key), quotaCheckResultSchema, 200],
    } as const;
    for (const [name, [reply, schema, status]] of Object.entries(replies)) {
      expect(reply.status, name).toBe(status);
      expect(() => schema.parse(reply.body), name).not.toThrow();
      const documented = components.schemas[name];
      expect(Object.keys(documented.properties!).sort(), name).toEqual(Object.keys(reply.body).sort());
      expect(Object.keys(reply.headers), name).toEqual(expect.arrayContaining(["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]));
    }
    expect(Object.keys(components.schemas.QuotaView.properties!.metrics.properties!)).toEqual([...METRICS]);

    // A refusal the document promises headers for really carries them.
    const limited = await tenantWithKey({ quotas: { api_requests_per_month: 10 } });
    const refused = await call("POST", "/api/v1/quota/check", { key: limited.key, body: { metric: "api_requests", amount: 11 } });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("quota_exceeded");
    expect(Object.keys(refused.headers)).toEqual(expect.arrayContaining(["retry-after", "ratelimit-limit"]));
  });
});
