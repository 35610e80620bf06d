import { requireConsoleAction } from "@/lib/auth/session";
import { tenantUsageView } from "@/lib/metering/usage-view";
import { getTenant } from "@/lib/tenants/service";
import { decodeTenantId } from "../load";
import type { LoadView } from "@/app/_usage/respond";

/** Platform staff (admin or viewer) may read any tenant's usage, deleted ones included, as the tab does. */
export async function consoleTenantUsage(id: string): Promise<LoadView> {
  await requireConsoleAction("platform:read");
  const tenant = await getTenant(decodeTenantId(id), { includeDeleted: true });
  return async (range) => ({ view: await tenantUsageView(tenant, range), name: tenant.slug });
}
