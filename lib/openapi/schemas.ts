// Zod schemas of what the API returns. Requests are described by the schemas that validate them
// (lib/tenants/schemas.ts); responses by these, which the tests parse real responses with, so the
// published document cannot drift from what the handlers send.
import { z } from "zod";
import { TENANT_SCOPES } from "../keys/schemas";
import type { IssuedKey, KeyView } from "../keys/service";
import { QUOTA_KEYS, type QuotaKey } from "../quotas/effective";
import type { TenantPage } from "../tenants/service";
import type { TenantView } from "../tenants/model";
import { ISOLATIONS, PLANS, SLUG_PATTERN, STATUSES } from "../tenants/schemas";

const quotaValue = z.number().int().min(0).nullable().describe("null = unlimited");
const quotas = z.strictObject(
  Object.fromEntries(QUOTA_KEYS.map((k) => [k, quotaValue])) as Record<QuotaKey, typeof quotaValue>,
);

export const tenantSchema = z
  .strictObject({
    id: z.string().regex(/^ten_[a-z2-7]{20}$/),
    slug: z.string().regex(SLUG_PATTERN),
    name: z.string(),
    plan: z.enum(PLANS),
    status: z.enum(STATUSES),
    isolation: z.enum(ISOLATIONS),
    region: z.string(),
    quotas: quotas.describe("Effective quotas: the tenant's overrides over its plan's."),
    quota_overrides: quotas.partial().describe("The tenant's own overrides; absent keys follow the plan."),
    metadata: z.record(z.string(), z.unknown()),
    template_version: z.string().nullable().describe("The tenant template migration the tenant's data is on."),
    provisioning_error: z.string().nullable().describe("The last provisioning error while status is provisioning."),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  });

export const tenantListSchema = z
  .strictObject({
    data: z.array(tenantSchema),
    next_cursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page."),
  });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.enum([
      "invalid_request",
      "unauthorized",
      "forbidden",
      "not_found",
      "conflict",
      "payload_too_large",
      "quota_exceeded",
      "rate_limited",
      "payment_required",
      "internal",
    ]),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  });

const keyFields = {
  id: z.string().regex(/^key_[a-z2-7]{20}$/),
  kind: z.enum(["tenant", "platform"]),
  tenant_id: z.string().nullable().describe("null for platform keys"),
  name: z.string(),
  start: z.string().describe("The secret's first characters, to recognise it by."),
  scopes: z.array(z.string()).describe(`Tenant keys: among ${TENANT_SCOPES.join(", ")}. Platform keys: none.`),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
  expires_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  rotated_from_id: z.string().nullable().describe("The key this one replaced by rotation."),
};

export const keySchema = z.strictObject(keyFields);

export const issuedKeySchema = z.strictObject({
  ...keyFields,
  key: z.string().describe("The secret. Shown only in this response; store it now."),
});

export const keyListSchema = z.strictObject({ data: z.array(keySchema), next_cursor: z.null() });

export const healthSchema = z.object({ status: z.literal("ok") });
export const readySchema = z.object({ status: z.enum(["ready", "unavailable"]), detail: z.string().optional() });

// Compile-time guard: the documented shapes and the types the handlers return are the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const tenantShapesAgree: Same<z.infer<typeof tenantSchema>, TenantView> = true;
const pageShapesAgree: Same<z.infer<typeof tenantListSchema>, TenantPage> = true;
const keyShapesAgree: Same<z.infer<typeof keySchema>, KeyView> = true;
const issuedShapesAgree: Same<z.infer<typeof issuedKeySchema>, IssuedKey> = true;
void tenantShapesAgree;
void pageShapesAgree;
void keyShapesAgree;
void issuedShapesAgree;
