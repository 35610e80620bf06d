// Input for issuing and rotating keys, shared by the REST API, the server actions and the forms.
import { z } from "zod";

export const TENANT_SCOPES = ["usage:write", "usage:read", "quota:read"] as const;
export type TenantScope = (typeof TENANT_SCOPES)[number];

const futureDate = z.iso
  .datetime({ offset: true, error: "Must be an ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z." })
  .refine((s) => new Date(s).getTime() > Date.now(), "Must be in the future.");

export const createKeySchema = z.object({
  name: z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters."),
  scopes: z
    .array(z.enum(TENANT_SCOPES, { error: `Scopes must be among: ${TENANT_SCOPES.join(", ")}.` }), { error: "Scopes must be a list." })
    .min(1, "Choose at least one scope.")
    .transform((s) => [...new Set(s)])
    .default([...TENANT_SCOPES]),
  expires_at: futureDate.nullable().optional(),
});
export type CreateKeyInput = z.input<typeof createKeySchema>;

export const createPlatformKeySchema = z.object({
  name: createKeySchema.shape.name,
  expires_at: futureDate.nullable().optional(),
});

export const rotateKeySchema = z.object({
  /** How long the old secret keeps working; 0 = it stops at once. At most 30 days. */
  grace_seconds: z.number({ error: "Must be a number of seconds." }).int().min(0).max(30 * 24 * 3600).default(0),
});

/** Arguments of the screens' revoke and rotate actions; `target` is a tenant id, a portal slug or "" (platform keys). */
export const keyActionArgs = z.object({ target: z.string().max(200), keyId: z.string().max(100) });
export const rotateActionArgs = keyActionArgs.extend({
  graceSeconds: rotateKeySchema.shape.grace_seconds,
});
