// The one permission function. Platform roles (admin, viewer) cover the console; tenant roles (owner,
// admin, member) cover a tenant's portal. Every page, server action and route handler asks `can`.

export type PlatformRoleName = "admin" | "viewer" | "none";
export type TenantRoleName = "owner" | "admin" | "member";

export interface Principal {
  userId: string;
  email: string;
  platformRole: PlatformRoleName;
  /** tenant id → role */
  memberships: Record<string, TenantRoleName>;
}

export type PlatformAction = "platform:read" | "platform:write";
export type TenantAction =
  | "tenant:read" // overview, usage, quota
  | "tenant:keys" // issue, revoke, rotate API keys
  | "tenant:settings" // name and settings
  | "tenant:members" // invite, change roles, remove
  | "tenant:billing"; // checkout, billing portal

const TENANT_ROLE_ACTIONS: Record<TenantRoleName, TenantAction[]> = {
  owner: ["tenant:read", "tenant:keys", "tenant:settings", "tenant:members", "tenant:billing"],
  // Issue 6: owners and admins may start Checkout and open the Billing Portal.
  admin: ["tenant:read", "tenant:keys", "tenant:settings", "tenant:billing"],
  member: ["tenant:read"],
};

export function can(p: Principal | null | undefined, action: PlatformAction): boolean;
export function can(p: Principal | null | undefined, action: TenantAction, tenantId: string): boolean;
export function can(p: Principal | null | undefined, action: PlatformAction | TenantAction, tenantId?: string): boolean {
  if (!p) return false;
  if (action === "platform:read") return p.platformRole === "admin" || p.platformRole === "viewer";
  if (action === "platform:write") return p.platformRole === "admin";
  if (!tenantId) return false;
  // Platform admins manage every tenant from the console; in a tenant's portal they act read-only
  // ("view as"), which the portal enforces by asking with `portalCan` below.
  if (p.platformRole === "admin") return true;
  if (p.platformRole === "viewer" && action === "tenant:read") return true;
  const role = p.memberships[tenantId];
  return role ? TENANT_ROLE_ACTIONS[role].includes(action) : false;
}

/** Portal checks: only a membership counts; platform staff get read-only "view as". */
export function portalCan(p: Principal | null | undefined, action: TenantAction, tenantId: string): boolean {
  if (!p) return false;
  const role = p.memberships[tenantId];
  if (role) return TENANT_ROLE_ACTIONS[role].includes(action);
  return action === "tenant:read" && (p.platformRole === "admin" || p.platformRole === "viewer");
}

export function roleActions(role: TenantRoleName): readonly TenantAction[] {
  return TENANT_ROLE_ACTIONS[role];
}
