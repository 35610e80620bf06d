import { tenantUsageView } from "@/lib/metering/usage-view";
import type { LoadView } from "@/app/_usage/respond";
import { portalRouteTenant } from "../../../_lib/route-access";

/** Members of the tenant (any role) and platform staff viewing as; the tenant comes from the URL slug only. */
export async function portalTenantUsage(slug: string): Promise<LoadView> {
  const tenant = await portalRouteTenant(slug, "tenant:read");
  return async (range) => ({ view: await tenantUsageView(tenant, range), name: tenant.slug });
}
