// Members of a tenant: list, change role, remove — with the rule that a tenant always keeps at least
// one owner. Changes to one tenant's memberships are serialised by locking the tenant's row, so two
// owners demoting each other at the same moment cannot both succeed and leave the tenant ownerless.
import { recordAudit } from "../audit/log";
import { db } from "../db/client";
import { DomainError, notFound, parseOrThrow } from "../errors";
import { roleSchema, type TenantRole } from "../invitations/schemas";
import { updateTenant } from "../tenants/service";
import type { TenantView } from "../tenants/model";
import { actorOfContext, authorize, type MemberContext } from "./access";

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: TenantRole;
  joinedAt: Date;
}

export async function listMembers(tenantId: string): Promise<MemberView[]> {
  const rows = await db().membership.findMany({
    where: { tenantId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
  });
  const rank: Record<TenantRole, number> = { owner: 0, admin: 1, member: 2 };
  return rows
    .map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt }))
    .sort((a, b) => rank[a.role] - rank[b.role] || a.email.localeCompare(b.email));
}

const lastOwner = (message: string) => new DomainError("conflict", 409, message, { errors: [{ path: "role", message }] });

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/** Locks the tenant (the per-tenant mutex for membership changes) and reads its memberships fresh. */
async function lockMemberships(tx: Tx, tenantId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM tenants WHERE id = ${tenantId} AND status <> 'deleted' FOR NO KEY UPDATE`;
  if (locked.length === 0) throw notFound("Tenant");
  return tx.membership.findMany({ where: { tenantId }, include: { user: { select: { email: true } } } });
}

export async function changeMemberRole(ctx: MemberContext, tenantId: string, userId: string, roleInput: unknown): Promise<MemberView> {
  authorize(ctx, "tenant:members", tenantId);
  const role = parseOrThrow(roleSchema, roleInput, "Choose a role.");
  return db().$transaction(async (tx) => {
    const members = await lockMemberships(tx, tenantId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw notFound("Member");
    if (target.role !== role) {
      const owners = members.filter((m) => m.role === "owner").length;
      if (target.role === "owner" && owners <= 1) {
        throw lastOwner("This is the tenant's only owner. Make someone else an owner first.");
      }
      await tx.membership.update({ where: { userId_tenantId: { userId, tenantId } }, data: { role } });
      await recordAudit(tx, {
        actor: actorOfContext(ctx),
        action: "member.role_changed",
        tenantId,
        data: { user_id: userId, email: target.user.email, from: target.role, to: role, via: ctx.via },
      });
    }
    return { userId, email: target.user.email, name: null, role, joinedAt: target.createdAt };
  });
}

export async function removeMember(ctx: MemberContext, tenantId: string, userId: string): Promise<void> {
  authorize(ctx, "tenant:members", tenantId);
  await db().$transaction(async (tx) => {
    const members = await lockMemberships(tx, tenantId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw notFound("Member");
    if (target.role === "owner" && members.filter((m) => m.role === "owner").length <= 1) {
      throw lastOwner("The tenant's only owner cannot be removed. Make someone else an owner first.");
    }
    await tx.membership.delete({ where: { userId_tenantId: { userId, tenantId } } });
    await recordAudit(tx, {
      actor: actorOfContext(ctx),
      action: "member.removed",
      tenantId,
      data: { user_id: userId, email: target.user.email, role: target.role, via: ctx.via },
    });
  });
}

/** The tenant's display name, from the portal's settings page (owners and admins). */
export async function renameTenant(ctx: MemberContext, tenantId: string, name: unknown): Promise<TenantView> {
  authorize(ctx, "tenant:settings", tenantId);
  return updateTenant(tenantId, { name }, actorOfContext(ctx));
}
