// Shared set-up for the portal's lib tests: tenants, users with memberships, and principals read the
// way a request reads them.
import { loadPrincipal } from "../../lib/auth/users";
import { createUser } from "../../lib/auth/users";
import { db } from "../../lib/db/client";
import { randomBase32 } from "../../lib/ids";
import type { MemberContext } from "../../lib/members/access";
import { createTenant } from "../../lib/tenants/service";
import type { TenantRole } from "../../lib/invitations/schemas";

const system = { type: "system", label: "portal test" } as const;

export function uniq(prefix: string): string {
  return `${prefix}-${randomBase32(6)}`;
}

export async function makeTenant(name = uniq("tenant")) {
  // Shared tier: nothing to provision, so the tests stay quick.
  return createTenant({ name, isolation: "shared" }, system);
}

export async function makeUser(opts: { platformRole?: "admin" | "viewer" | "none"; email?: string } = {}) {
  const email = opts.email ?? `${uniq("user")}@example.test`;
  return createUser({ email, password: "correct-horse-battery", platformRole: opts.platformRole ?? "none" });
}

export async function addMember(tenantId: string, userId: string, role: TenantRole) {
  await db().membership.create({ data: { tenantId, userId, role } });
}

export async function ctxOf(userId: string, via: "portal" | "console" = "portal"): Promise<MemberContext> {
  const principal = await loadPrincipal(userId);
  if (!principal) throw new Error("no such user");
  return { principal, via };
}

export async function auditActions(tenantId: string): Promise<string[]> {
  const rows = await db().auditLog.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((r) => r.action);
}

export function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf("/") + 1);
}
