// Input schemas for tenants, shared by the REST API, the server actions and the forms.
import { z } from "zod";
import { quotaOverridesSchema } from "../quotas/effective";

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
export const SLUG_HELP = "3–40 characters: lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit.";

export const PLANS = ["free", "pro", "enterprise"] as const;
export const ISOLATIONS = ["shared", "schema", "database"] as const;
export const STATUSES = ["provisioning", "active", "suspended", "deleted"] as const;
export type PlanId = (typeof PLANS)[number];
export type IsolationTier = (typeof ISOLATIONS)[number];
export type TenantStatusValue = (typeof STATUSES)[number];

const name = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "Name must not contain control characters.");

export const slugSchema = z.string({ error: "Slug must be a string." }).regex(SLUG_PATTERN, `Slug: ${SLUG_HELP}`);

const metadata = z
  .record(z.string().max(100), z.unknown(), { error: "Metadata must be a JSON object." })
  .refine((m) => JSON.stringify(m).length <= 16_384, "Metadata must be at most 16 KB as JSON.");

const enumError = (what: string, values: readonly string[]) => ({ error: `${what} must be one of: ${values.join(", ")}.` });

export const createTenantSchema = z.object({
  name,
  slug: slugSchema.optional(),
  plan: z.enum(PLANS, enumError("Plan", PLANS)).default("free"),
  isolation: z.enum(ISOLATIONS, enumError("Isolation", ISOLATIONS)).default("schema"),
  region: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "Region: up to 32 lowercase letters, digits and hyphens.")
    .default("local"),
  metadata: metadata.default({}),
  /** Database tier only: a dedicated server; the control plane's own server when absent. */
  database_url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "Must be a postgresql:// URL.")
    .optional(),
});
export type CreateTenantInput = z.input<typeof createTenantSchema>;

export const updateTenantSchema = z.object({
  name: name.optional(),
  plan: z.enum(PLANS, enumError("Plan", PLANS)).optional(),
  status: z.enum(["active", "suspended"], enumError("Status", ["active", "suspended"])).optional(),
  quotas: quotaOverridesSchema.optional(),
  metadata: metadata.optional(),
});
export type UpdateTenantInput = z.input<typeof updateTenantSchema>;

export const listTenantsSchema = z.object({
  status: z.enum(STATUSES, enumError("Status", STATUSES)).optional(),
  plan: z.enum(PLANS, enumError("Plan", PLANS)).optional(),
  q: z.string().trim().max(100, "Search must be at most 100 characters.").optional(),
  limit: z.coerce.number({ error: "Limit must be a number." }).int("Limit must be a whole number.").min(1, "Limit must be 1–200.").max(200, "Limit must be 1–200.").default(50),
  cursor: z.string().max(200).optional(),
});
export type ListTenantsInput = z.input<typeof listTenantsSchema>;

/** Derives a slug from a display name: "Acme Corp!" → "acme-corp". */
export function slugFromName(input: string): string {
  let s = input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(s)) s = `t-${s}`;
  s = s.slice(0, 40).replace(/-+$/g, "");
  while (s.length < 3) s += "0";
  return s;
}
