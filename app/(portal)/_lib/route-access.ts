// The portal's guard for route handlers (the usage data and CSV endpoints): like portalPage, but
// answering with status codes instead of redirects. Signed out → 401; another tenant, existing or
// not, or a role without the right → 404, so a member of one tenant learns nothing about the others.
import { currentPrincipal } from "@/lib/auth/session";
import { portalCan, type TenantAction } from "@/lib/auth/permissions";
import { DomainError, notFound } from "@/lib/errors";
import { portalTenant } from "@/lib/members/portal";
import type { TenantView } from "@/lib/tenants/model";

export async function portalRouteTenant(slug: string, action: TenantAction = "tenant:read"): Promise<TenantView> {
  const principal = await currentPrincipal();
  if (!principal) throw new DomainError("unauthorized", 401, "Your session has ended. Sign in again.");
  const tenant = await portalTenant(slug);
  if (!tenant || !portalCan(principal, action, tenant.id)) throw notFound("Tenant");
  return tenant;
}
