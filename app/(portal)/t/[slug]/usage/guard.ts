import { tenantUsageView } from "@/lib/metering/usage-view";
import type { LoadView } from "@/app/_usage/respond";
import { portalRoute } from "../../../_lib/access";

/** Members of the tenant (any role) and platform staff viewing as; the tenant comes from the URL slug only. */
export async function portalTenantUsage(slug: string): Promise<LoadView> {
  const tenant = await portalRoute(slug);
  return async (range) => ({ view: await tenantUsageView(tenant, range), name: tenant.slug });
}
