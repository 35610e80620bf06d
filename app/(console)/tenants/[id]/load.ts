import { cache } from "react";
import { notFound } from "next/navigation";
import { isDomainError } from "@/lib/errors";
import { getTenant } from "@/lib/tenants/service";

/** The id from the URL; a malformed escape is just an unknown tenant (404), not a 500. */
export function decodeTenantId(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The tenant for this request (layout and page share one read); unknown id → the 404 page. */
export const loadTenant = cache(async (id: string) => {
  try {
    // The console keeps deleted tenants viewable, with their badge and no actions.
    return await getTenant(decodeTenantId(id), { includeDeleted: true });
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") notFound();
    throw e;
  }
});
