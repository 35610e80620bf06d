// Who is asking, and through which door. The same permission function decides for the console and the
// portal; in the portal only memberships grant changes (platform staff are read-only "view as"), so
// the lib re-checks here even though every page and action has already checked.
import type { Actor } from "../audit/log";
import { can, portalCan, type Principal, type TenantAction } from "../auth/permissions";
import { forbidden } from "../errors";

export interface MemberContext {
  principal: Principal;
  via: "portal" | "console";
}

export function allowed(ctx: MemberContext, action: TenantAction, tenantId: string): boolean {
  return ctx.via === "portal" ? portalCan(ctx.principal, action, tenantId) : can(ctx.principal, action, tenantId);
}

export function authorize(ctx: MemberContext, action: TenantAction, tenantId: string): void {
  if (!allowed(ctx, action, tenantId)) throw forbidden("Your role in this tenant does not allow that.");
}

export function actorOfContext(ctx: MemberContext): Actor {
  return { type: "user", id: ctx.principal.userId, label: ctx.principal.email };
}
