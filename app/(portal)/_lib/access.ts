// The portal's guards. Every portal page and server action resolves the tenant from the URL slug and
// checks the caller's membership itself (layouts are no protection: they don't re-run on client
// navigation, and server actions are public POST endpoints). Another tenant — existing or not — is a
// 404, so a member of one tenant learns nothing about the others.
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { currentPrincipal } from "@/lib/auth/session";
import { portalCan, type Principal, type TenantAction, type TenantRoleName } from "@/lib/auth/permissions";
import { DomainError, conflict, forbidden, notFound as notFoundError } from "@/lib/errors";
import type { MemberContext } from "@/lib/members/access";
import { portalTenant, recordViewAs } from "@/lib/members/portal";
import type { TenantView } from "@/lib/tenants/model";

export interface PortalSession {
  principal: Principal;
  tenant: TenantView;
  /** The caller's role here; null when platform staff are viewing as (read-only). */
  role: TenantRoleName | null;
  viewAs: boolean;
}

const resolve = cache(async (slug: string) => {
  const [principal, tenant] = await Promise.all([currentPrincipal(), portalTenant(slug)]);
  return { principal, tenant };
});

/** Whether this session may reach the tenant at all: a member, or platform staff viewing as. */
function reachable(p: Principal, tenantId: string): boolean {
  return !!p.memberships[tenantId] || portalCan(p, "tenant:read", tenantId);
}

/**
 * For pages. Signed out → sign-in (and back here after); not a member → 404. `action` is what the
 * page needs; staff viewing as may open every section read-only (`allowViewAs`, the default).
 */
export async function portalPage(slug: string, path: string, action: TenantAction = "tenant:read", opts: { allowViewAs?: boolean } = {}): Promise<PortalSession> {
  const { principal, tenant } = await resolve(slug);
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!tenant || !reachable(principal, tenant.id)) notFound();
  const role = principal.memberships[tenant.id] ?? null;
  const viewAs = role === null;
  if (viewAs ? opts.allowViewAs === false : !portalCan(principal, action, tenant.id)) notFound();
  if (viewAs) await recordViewAs(principal, tenant.id);
  return { principal, tenant, role, viewAs };
}

/**
 * The same check for the frame (layout), without the view-as audit (pages write that). Signed out it
 * returns null and draws no frame: the page, which knows its own path, sends the visitor to sign in
 * and back to exactly that page.
 */
/**
 * For route handlers (the usage data and CSV endpoints): like portalPage, but answering with status
 * codes instead of redirects. Signed out → 401; another tenant, existing or not → 404, so a member of
 * one tenant learns nothing about the others.
 */
export async function portalRoute(slug: string): Promise<TenantView> {
  const { principal, tenant } = await resolve(slug);
  if (!principal) throw new DomainError("unauthorized", 401, "Your session has ended. Sign in again.");
  if (!tenant || !reachable(principal, tenant.id)) throw notFoundError("Tenant");
  return tenant;
}

export async function portalFrame(slug: string): Promise<PortalSession | null> {
  const { principal, tenant } = await resolve(slug);
  if (!principal) return null;
  if (!tenant || !reachable(principal, tenant.id)) notFound();
  const role = principal.memberships[tenant.id] ?? null;
  return { principal, tenant, role, viewAs: role === null };
}

/**
 * For server actions: the slug comes from the form or the call's arguments, never a tenant id from the
 * client. Signed out → a refusal the form shows; unknown tenant or not a member → 404 (the response
 * status, as for a page); member without the right or staff viewing as → forbidden; a tenant that is
 * not active → no changes.
 */
export async function portalAction(
  slug: unknown,
  action: TenantAction,
  opts: { allowSuspended?: boolean } = {},
): Promise<PortalSession & { ctx: MemberContext }> {
  const principal = await currentPrincipal();
  if (!principal) throw new DomainError("unauthorized", 401, "Your session has ended. Sign in again.");
  const tenant = typeof slug === "string" ? await portalTenant(slug) : null;
  if (!tenant || !reachable(principal, tenant.id)) notFound();
  const role = principal.memberships[tenant.id] ?? null;
  if (!role) throw forbidden("You are viewing this tenant as platform staff: read-only.");
  if (!portalCan(principal, action, tenant.id)) throw forbidden("Your role in this tenant does not allow that.");
  // A tenant suspended for an unpaid invoice must still be able to pay (Billing Portal) to be resumed.
  const open = tenant.status === "active" || (opts.allowSuspended && tenant.status === "suspended");
  if (!open) throw conflict(`This tenant is ${tenant.status}; changes are disabled.`);
  return { principal, tenant, role, viewAs: false, ctx: { principal, via: "portal" } };
}

/** The origin invitation links are built on when TENANTRY_PUBLIC_URL is not set. */
export async function requestOrigin(): Promise<string | null> {
  const h = await headers();
  const origin = h.get("origin");
  if (origin && /^https?:\/\/[^/]+$/.test(origin)) return origin;
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (!host) return null;
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0].trim();
  return `${proto}://${host}`;
}
