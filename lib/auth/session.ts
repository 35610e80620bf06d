// The principal of the current request, for pages, server actions and route handlers, and the guards
// they call. Server actions are public POST endpoints, so each one calls a guard itself.
import { redirect, notFound } from "next/navigation";
import { auth } from "./nextauth";
import { can, portalCan, type PlatformAction, type Principal, type TenantAction } from "./permissions";
import { loadPrincipal } from "./users";
import { DomainError, forbidden } from "../errors";
import type { Actor } from "../audit/log";

export async function currentPrincipal(): Promise<Principal | null> {
  const session = await auth();
  return loadPrincipal(session?.user?.id);
}

export function actorOf(p: Principal): Actor {
  return { type: "user", id: p.userId, label: p.email };
}

/** For console pages: signed out → sign-in page; signed in without the role → 404-free "forbidden". */
export async function requireConsolePage(action: PlatformAction = "platform:read", callbackUrl?: string): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect(`/login${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
  if (!can(p, action)) {
    // Tenant members who are not platform staff belong in their portal.
    const first = Object.keys(p.memberships)[0];
    if (first) redirect(`/t`);
    redirect("/forbidden");
  }
  return p;
}

/** For server actions and route handlers: throws a domain error instead of redirecting. */
export async function requireConsoleAction(action: PlatformAction): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) throw new DomainError("unauthorized", 401, "Your session has ended. Sign in again.");
  if (!can(p, action)) throw forbidden(action === "platform:write" ? "Your role can view but not change this." : undefined);
  return p;
}

/** For portal pages: the member must belong to the tenant (or be platform staff viewing as). */
export async function requirePortalPage(tenantId: string | null, action: TenantAction = "tenant:read"): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect("/login");
  if (!tenantId || !portalCan(p, action, tenantId)) notFound();
  return p;
}

export async function requirePortalAction(tenantId: string | null, action: TenantAction): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) throw new DomainError("unauthorized", 401, "Your session has ended. Sign in again.");
  // Another tenant's resources are "not found", never "forbidden": their existence is not disclosed.
  if (!tenantId || !(p.memberships[tenantId] || portalCan(p, "tenant:read", tenantId))) throw new DomainError("not_found", 404, "Not found.");
  if (!portalCan(p, action, tenantId)) throw forbidden("Your role in this tenant does not allow that.");
  return p;
}
