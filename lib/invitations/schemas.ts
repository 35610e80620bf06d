// Input for inviting someone, shared by the portal and console forms and their server actions.
import { z } from "zod";
import { emailSchema, passwordSchema } from "../auth/users";

export const TENANT_ROLES = ["owner", "admin", "member"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const roleSchema = z.enum(TENANT_ROLES, { error: "Choose owner, admin or member." });

export const inviteSchema = z.object({
  email: z.string({ error: "Email is required." }).pipe(emailSchema),
  role: roleSchema,
});
export type InviteInput = z.input<typeof inviteSchema>;

/** A new account's password, typed twice on the accept page. */
export const setPasswordSchema = z
  .object({ password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match.", path: ["confirm"] });

/** 32 random bytes, base64url: exactly 43 characters of [A-Za-z0-9_-]. Anything else is tampered. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
