// The OpenAPI 3.1 document served at GET /api/v1/openapi.json. Every schema in it is generated with
// zod's own JSON Schema output from the schemas the handlers validate and answer with.
import { z } from "zod";
import { createKeySchema, createPlatformKeySchema, rotateKeySchema } from "../keys/schemas";
import { usageQuerySchema, usageResponseSchema } from "../metering/api";
import { createTenantSchema, listTenantsSchema, updateTenantSchema } from "../tenants/schemas";
import {
  healthSchema,
  issuedKeySchema,
  keyListSchema,
  keySchema,
  problemSchema,
  readySchema,
  tenantListSchema,
  tenantSchema,
} from "./schemas";
import { withDataPlane } from "./dataplane";
import { jsonBody, jsonSchema, problem, requestBody, type JsonSchema } from "./helpers";
import { metricListSchema, metricSchema, registerMetricSchema, updateMetricSchema } from "../metering/metric-admin";

const errors = {
  "401": problem("No platform key, or not a valid one."),
  "403": problem("A tenant key (`tk_…`) was sent: the control plane takes platform keys only."),
};

const tenantIdParameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The tenant's id (`ten_…`). A deleted tenant is not found.",
  schema: { type: "string", pattern: "^ten_[a-z2-7]{20}$" },
};

function queryParameters(schema: z.ZodObject, adjust: (name: string, s: JsonSchema) => JsonSchema = (_n, s) => s): Record<string, unknown>[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: false,
    schema: adjust(name, jsonSchema(field as z.ZodType, "input")),
  }));
}

// The list schema is shared with the console, which may list deleted tenants; the API may not.
const apiListStatus = (name: string, s: JsonSchema): JsonSchema =>
  name === "status" && Array.isArray(s.enum) ? { ...s, enum: s.enum.filter((v) => v !== "deleted") } : s;

/**
 * Named schemas as OpenAPI components: one registry per direction (requests are described as zod
 * parses them, responses as the handlers produce them), with references between components.
 */
function components(named: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _schema, $id: _id, ...rest } = s as JsonSchema;
      return [id, rest];
    }),
  );
}

const keyIdParameter = {
  name: "key_id",
  in: "path",
  required: true,
  description: "The key's id (`key_…`), not its secret.",
  schema: { type: "string", pattern: "^key_[a-z2-7]{20}$" },
};

let cached: JsonSchema | undefined;

export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  cached = withDataPlane({
    openapi: "3.1.0",
    info: {
      title: "Tenantry API",
      version: "1",
      description: "Control plane and data plane of Tenantry. Errors are RFC 9457 problem+json with a stable `code`.",
    },
    servers: [{ url: "/" }],
    security: [{ platformKey: [] }],
    tags: [{ name: "tenants" }, { name: "keys" }, { name: "usage" }, { name: "metrics" }, { name: "operations" }, { name: "billing" }],
    paths: {
      "/api/v1/tenants": {
        post: {
          tags: ["tenants"],
          operationId: "createTenant",
          summary: "Create and provision a tenant",
          description: "A slug is derived from the name when absent (with a short suffix if that one is taken); an explicit slug that is taken is 409.",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CreateTenant" } } } },
          responses: {
            "201": jsonBody("Tenant", "The tenant, `active` once provisioned (or `provisioning` while a retry finishes it)."),
            "400": problem("Malformed JSON or invalid fields (`errors` lists each)."),
            ...errors,
            "409": problem("The slug is taken."),
            "413": problem("The body is larger than 1 MiB."),
          },
        },
        get: {
          tags: ["tenants"],
          operationId: "listTenants",
          summary: "List tenants, newest first",
          parameters: queryParameters(listTenantsSchema, apiListStatus),
          responses: {
            "200": jsonBody("TenantList", "A page of tenants."),
            "400": problem("An invalid filter, limit or cursor."),
            ...errors,
          },
        },
      },
      "/api/v1/tenants/{id}": {
        parameters: [tenantIdParameter],
        get: {
          tags: ["tenants"],
          operationId: "getTenant",
          summary: "Get a tenant",
          responses: { "200": jsonBody("Tenant", "The tenant."), ...errors, "404": problem("No such tenant.") },
        },
        patch: {
          tags: ["tenants"],
          operationId: "updateTenant",
          summary: "Change a tenant's name, plan, status, quotas or metadata",
          description: "`quotas` is merged into the tenant's overrides (null = unlimited). `status` moves between active and suspended.",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/UpdateTenant" } } } },
          responses: {
            "200": jsonBody("Tenant", "The changed tenant."),
            "400": problem("Malformed JSON or invalid fields."),
            ...errors,
            "404": problem("No such tenant."),
            "409": problem("The status change is not allowed from the tenant's current status."),
            "413": problem("The body is larger than 1 MiB."),
          },
        },
        delete: {
          tags: ["tenants"],
          operationId: "deleteTenant",
          summary: "Delete a tenant",
          description: "Soft delete: the tenant is 404 everywhere in the API afterwards; its data is kept for the grace period, then purged.",
          responses: { "200": jsonBody("Tenant", "The tenant, with status `deleted`."), ...errors, "404": problem("No such tenant.") },
        },
      },
      "/api/v1/tenants/{id}/usage": {
        parameters: [tenantIdParameter],
        get: {
          tags: ["usage"],
          operationId: "getTenantUsage",
          summary: "A tenant's usage by hour or day",
          description:
            "Every metric asked, bucketed by UTC hour or day over [from, to): counters summed, gauges at their highest level in the bucket. " +
            "Read from the rollups plus the raw events received since they were last refreshed, so the newest events are included.",
          parameters: queryParameters(usageQuerySchema),
          responses: {
            "200": jsonBody("Usage", "The series (only buckets with data) and the totals over the range."),
            "400": problem("An unknown metric or granularity, a malformed date, from not before to, or more than 5,000 buckets."),
            ...errors,
            "404": problem("No such tenant."),
          },
        },
      },
      "/api/v1/tenants/{id}/keys": {
        parameters: [tenantIdParameter],
        post: {
          tags: ["keys"],
          operationId: "issueTenantKey",
          summary: "Issue a tenant API key (`tk_…`) for the data plane",
          requestBody: requestBody("CreateKey"),
          responses: {
            "201": jsonBody("IssuedKey", "The key, with its secret in `key`: the only time it is shown."),
            "400": problem("Malformed JSON or invalid fields."),
            ...errors,
            "404": problem("No such tenant."),
            "413": problem("The body is larger than 1 MiB."),
          },
        },
        get: {
          tags: ["keys"],
          operationId: "listTenantKeys",
          summary: "List a tenant's live keys, newest first (never the secrets)",
          responses: { "200": jsonBody("KeyList", "The keys."), ...errors, "404": problem("No such tenant.") },
        },
      },
      "/api/v1/tenants/{id}/keys/{key_id}": {
        parameters: [tenantIdParameter, keyIdParameter],
        delete: {
          tags: ["keys"],
          operationId: "revokeTenantKey",
          summary: "Revoke a tenant key: refused at once, on every instance",
          responses: { "204": { description: "Revoked." }, ...errors, "404": problem("No such tenant, or no such live key of it.") },
        },
      },
      "/api/v1/tenants/{id}/keys/{key_id}/rotate": {
        parameters: [tenantIdParameter, keyIdParameter],
        post: {
          tags: ["keys"],
          operationId: "rotateTenantKey",
          summary: "Rotate a tenant key (an extension of the contract)",
          description: "A new secret with the same name, scopes and expiry; the old one stops at once, or after `grace_seconds`. The body is optional.",
          requestBody: requestBody("RotateKey", false),
          responses: {
            "201": jsonBody("IssuedKey", "The new key, with its secret in `key`: the only time it is shown."),
            "400": problem("Invalid fields."),
            ...errors,
            "404": problem("No such tenant, or no such live key of it."),
            "409": problem("An expired key cannot be rotated."),
          },
        },
      },
      "/api/v1/platform-keys": {
        post: {
          tags: ["keys"],
          operationId: "issuePlatformKey",
          summary: "Issue a platform key (`tpk_…`) for this API (an extension of the contract)",
          requestBody: requestBody("CreatePlatformKey"),
          responses: {
            "201": jsonBody("IssuedKey", "The key, with its secret in `key`: the only time it is shown."),
            "400": problem("Malformed JSON or invalid fields."),
            ...errors,
            "413": problem("The body is larger than 1 MiB."),
          },
        },
        get: {
          tags: ["keys"],
          operationId: "listPlatformKeys",
          summary: "List live platform keys, newest first (never the secrets)",
          responses: { "200": jsonBody("KeyList", "The keys."), ...errors },
        },
      },
      "/api/v1/platform-keys/{key_id}": {
        parameters: [keyIdParameter],
        delete: {
          tags: ["keys"],
          operationId: "revokePlatformKey",
          summary: "Revoke a platform key: refused at once",
          responses: { "204": { description: "Revoked." }, ...errors, "404": problem("No such live platform key.") },
        },
      },
      "/api/v1/metrics": {
        get: {
          tags: ["metrics"],
          operationId: "listMetrics",
          summary: "List usage metrics: the built-in ones (read-only) and the registered ones, archived included (an extension of the contract)",
          responses: { "200": jsonBody("MetricList", "Built-in metrics first, then registered ones by name; one page."), ...errors },
        },
        post: {
          tags: ["metrics"],
          operationId: "registerMetric",
          summary: "Register a custom usage metric (an extension of the contract)",
          description:
            "POST /api/v1/usage accepts it at once on every instance. Registered metrics have no quota (quota/check answers `remaining: null`), are not listed by GET /api/v1/quota and are not billed.",
          requestBody: requestBody("RegisterMetric"),
          responses: {
            "201": jsonBody("Metric", "The registered metric."),
            "400": problem("Malformed JSON or invalid fields (`errors` lists each)."),
            ...errors,
            "409": problem("The name is already registered, or is a built-in metric's."),
            "413": problem("The body is larger than 1 MiB."),
          },
        },
      },
      "/api/v1/metrics/{name}": {
        parameters: [{ name: "name", in: "path", required: true, description: "The metric's name.", schema: { type: "string" } }],
        patch: {
          tags: ["metrics"],
          operationId: "updateMetric",
          summary: "Change a registered metric's description or unit, or archive / unarchive it",
          description: "An archived metric is refused by POST /api/v1/usage (400); its history stays readable through the usage endpoints.",
          requestBody: requestBody("UpdateMetric"),
          responses: {
            "200": jsonBody("Metric", "The metric after the change."),
            "400": problem("Malformed JSON or invalid fields."),
            ...errors,
            "404": problem("No such registered metric."),
            "409": problem("A built-in metric: read-only."),
            "413": problem("The body is larger than 1 MiB."),
          },
        },
      },
      "/api/webhooks/stripe": {
        post: {
          tags: ["billing"],
          operationId: "stripeWebhook",
          summary: "Stripe's signed events (checkout, subscriptions, invoices): stored by event id and applied once",
          description:
            "Called by Stripe, not by clients. The `Stripe-Signature` header is checked against STRIPE_WEBHOOK_SECRET on the raw body (five minutes' tolerance). A redelivered event is acknowledged with `outcome: duplicate` and not applied again; unknown event types are stored and acknowledged (`ignored`).",
          security: [],
          parameters: [{ name: "Stripe-Signature", in: "header", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", description: "A Stripe Event object." } } } },
          responses: {
            "200": {
              description: "Stored (and applied, or ignored) — or a repeated delivery.",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { received: { const: true }, id: { type: "string" }, outcome: { enum: ["applied", "ignored", "duplicate"] } },
                    required: ["received", "id", "outcome"],
                  },
                },
              },
            },
            "400": problem("Bad or missing signature, a stale timestamp, or a malformed event: nothing was stored."),
            "409": problem("Billing webhooks are not configured (STRIPE_WEBHOOK_SECRET is not set): nothing was stored."),
            "413": problem("The body is larger than 1 MiB."),
            "500": problem("Applying the event failed; it is kept as failed and Stripe's redelivery applies it."),
          },
        },
      },
      "/api/health": {
        get: {
          tags: ["operations"],
          operationId: "health",
          security: [],
          responses: { "200": { description: "The process lives.", content: { "application/json": { schema: jsonSchema(healthSchema, "output") } } } },
        },
      },
      "/api/ready": {
        get: {
          tags: ["operations"],
          operationId: "ready",
          security: [],
          responses: {
            "200": { description: "The database answers.", content: { "application/json": { schema: jsonSchema(readySchema, "output") } } },
            "503": { description: "The database does not answer.", content: { "application/json": { schema: jsonSchema(readySchema, "output") } } },
          },
        },
      },
      "/api/metrics": {
        get: {
          tags: ["operations"],
          operationId: "metrics",
          summary: "Prometheus metrics (text exposition format)",
          description:
            "Data-plane requests by tenant, route and status; usage events ingested by tenant and metric; ingest group size and latency; " +
            "rollup lag; process metrics. Served by the data-plane fast path of the process that counts. When TENANTRY_METRICS_TOKEN is set, " +
            "it must be sent as `Authorization: Bearer <token>`.",
          security: [],
          responses: {
            "200": { description: "The metrics.", content: { "text/plain; version=0.0.4": { schema: { type: "string" } } } },
            "401": problem("TENANTRY_METRICS_TOKEN is set and was not sent."),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          tags: ["operations"],
          operationId: "openapi",
          security: [],
          responses: { "200": { description: "This document." } },
        },
      },
    },
    components: {
      securitySchemes: {
        platformKey: { type: "http", scheme: "bearer", description: "A platform key: TENANTRY_PLATFORM_KEY, or a `tpk_…` key issued in the console or through /api/v1/platform-keys." },
      },
      schemas: {
        ...components(
          { Tenant: tenantSchema, TenantList: tenantListSchema, Key: keySchema, IssuedKey: issuedKeySchema, KeyList: keyListSchema, Problem: problemSchema, Usage: usageResponseSchema, Metric: metricSchema, MetricList: metricListSchema },
          "output",
        ),
        ...components(
          {
            CreateTenant: createTenantSchema,
            UpdateTenant: updateTenantSchema,
            CreateKey: createKeySchema,
            CreatePlatformKey: createPlatformKeySchema,
            RotateKey: rotateKeySchema,
            RegisterMetric: registerMetricSchema,
            UpdateMetric: updateMetricSchema,
          },
          "input",
        ),
      },
    },
  });
  return cached;
}
