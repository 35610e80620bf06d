"use server";
// The console's Quotas tab: set a tenant's override (a value or unlimited) or clear it (back to the
// plan). Each action checks the session and role itself; the lib audit-logs and tells every instance.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { invalid, parseOrThrow } from "@/lib/errors";
import { formErrorState, withFormFields, type FormState } from "@/lib/forms/state";
import { toResult, type ActionResult } from "@/lib/forms/result";
import { QUOTA_KEYS } from "@/lib/quotas/effective";
import { clearQuotaOverrides } from "@/lib/quotas/overrides";
import { updateTenant } from "@/lib/tenants/service";
import { quotaFromForm } from "@/components/quotas/units";

const quotaKey = z.enum(QUOTA_KEYS, { error: "Unknown quota." });

export async function setQuotaOverrideAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  try {
    const p = await requireConsoleAction("platform:write");
    const tenantId = String(fd.get("target") ?? "");
    const key = parseOrThrow(quotaKey, fd.get("quota"), "Unknown quota.");
    const value = quotaFromForm(fd, "value", key);
    if (value === undefined) throw invalid("The change is not valid.", [{ path: "value", message: "Enter a number, or choose Unlimited." }]);
    // The schema names the field `quotas.<key>`; the form has one field.
    await withFormFields(() => updateTenant(tenantId, { quotas: { [key]: value } }, actorOf(p)), () => "value");
    revalidatePath(`/tenants/${tenantId}`, "layout");
    return { ok: true, message: "Override saved." };
  } catch (e) {
    return formErrorState(e);
  }
}

export async function clearQuotaOverrideAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    const args = parseOrThrow(z.object({ target: z.string().max(100), quota: quotaKey }), input, "The request is not valid.");
    await clearQuotaOverrides(args.target, [args.quota], actorOf(p));
    revalidatePath(`/tenants/${args.target}`, "layout");
    return { ok: true, message: "Override cleared: the plan's value applies." };
  });
}
