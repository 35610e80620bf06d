// Users: platform staff and tenant members. Sign-in checks, creation, and the principal a request acts as.
import { z } from "zod";
import { db } from "../db/client";
import { conflict, parseOrThrow } from "../errors";
import { newId } from "../ids";
import { dummyHash, hashPassword, verifyPassword } from "./password";
import type { Principal, PlatformRoleName } from "./permissions";

export const emailSchema = z.string().trim().toLowerCase().email("Enter a valid email address.").max(254);
export const passwordSchema = z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters.");

export const createUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100).optional(),
  platformRole: z.enum(["admin", "viewer", "none"]).default("none"),
});

export async function createUser(input: z.input<typeof createUserSchema>): Promise<{ id: string; email: string }> {
  const u = parseOrThrow(createUserSchema, input, "The user is not valid.");
  const existing = await db().user.findUnique({ where: { email: u.email } });
  if (existing) throw conflict(`A user with the email ${u.email} already exists.`);
  return db().user.create({
    data: { id: newId("usr"), email: u.email, name: u.name ?? null, platformRole: u.platformRole, passwordHash: await hashPassword(u.password) },
    select: { id: true, email: true },
  });
}

/** Creates the user or, if the email exists, resets its password and role (the admin:create command). */
export async function upsertPlatformUser(email: string, password: string, role: PlatformRoleName): Promise<{ id: string; created: boolean }> {
  const e = parseOrThrow(emailSchema, email, "Invalid email.");
  parseOrThrow(passwordSchema, password, "Invalid password.");
  const existing = await db().user.findUnique({ where: { email: e } });
  const passwordHash = await hashPassword(password);
  if (existing) {
    await db().user.update({ where: { id: existing.id }, data: { passwordHash, platformRole: role } });
    return { id: existing.id, created: false };
  }
  const u = await db().user.create({ data: { id: newId("usr"), email: e, passwordHash, platformRole: role } });
  return { id: u.id, created: true };
}

/** Returns the user id when the email and password match; null otherwise (same cost either way). */
export async function verifyCredentials(email: unknown, password: unknown): Promise<{ id: string; email: string } | null> {
  if (typeof email !== "string" || typeof password !== "string" || password.length > 200) return null;
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user?.passwordHash) {
    await verifyPassword(password, await dummyHash());
    return null;
  }
  return (await verifyPassword(password, user.passwordHash)) ? { id: user.id, email: user.email } : null;
}

/** The principal for a signed-in user, read fresh so role changes apply on the next request. */
export async function loadPrincipal(userId: string | undefined | null): Promise<Principal | null> {
  if (!userId) return null;
  const user = await db().user.findUnique({
    where: { id: userId },
    include: { memberships: { where: { tenant: { status: { not: "deleted" } } }, select: { tenantId: true, role: true } } },
  });
  if (!user) return null;
  return {
    userId: user.id,
    email: user.email,
    platformRole: user.platformRole,
    memberships: Object.fromEntries(user.memberships.map((m) => [m.tenantId, m.role])),
  };
}
