import { requireConsoleAction } from "@/lib/auth/session";
import { tenantUsageView } from "@/lib/metering/usage-view";
import { getTenant } from "@/lib/tenants/service";
import type { LoadView } from "@/app/_usage/respond";

/** Platform staff (admin or viewer) may read any tenant's usage, deleted ones included, as the tab does. */
export async function consoleTenantUsage(id: string): Promise<LoadView> {
  await requireConsoleAction("platform:read");
  const tenant = await getTenant(safeDecode(id), { includeDeleted: true });
  return async (range) => ({ view: await tenantUsageView(tenant, range), name: tenant.slug });
}

/** A malformed escape in the URL is just an unknown tenant (404), not a 500. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
