"use server";
// The tenant Billing tab's one action: push this tenant's usage to Stripe now instead of waiting for
// the scheduled meter sync. Admins only, checked here (server actions are public POST endpoints).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireConsoleAction } from "@/lib/auth/session";
import { parseOrThrow } from "@/lib/errors";
import { toResult } from "@/lib/forms/result";
import { billingConfig, runMeterSync, type MeterSyncResult } from "@/lib/billing";
import { getTenant } from "@/lib/tenants/service";
import type { RunResult } from "@/components/billing/run-button";

export async function syncTenantUsageAction(id: unknown): Promise<RunResult<MeterSyncResult>> {
  return toResult(async () => {
    await requireConsoleAction("platform:write");
    const tenantId = parseOrThrow(z.string().min(1).max(100), id, "Tenant not found.");
    await getTenant(tenantId);
    if (!billingConfig().enabled) return { ok: false, message: "Billing is not configured: set STRIPE_SECRET_KEY." };
    const r = await runMeterSync({ tenantIds: [tenantId] });
    revalidatePath(`/tenants/${tenantId}/billing`);
    if (r.failed > 0) return { ok: false, message: `${r.failed} of ${r.sent + r.failed} usage reports failed; they are retried on the next sync. See the last error below.` };
    return { ok: true, message: r.sent > 0 ? `Sent ${r.sent} usage report${r.sent === 1 ? "" : "s"} to Stripe.` : "Stripe already has all of this tenant's usage.", data: r };
  });
}
