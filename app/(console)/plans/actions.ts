"use server";
// Editing a plan from the Plans page. Platform admins only, checked here (server actions are public
// POST endpoints); the lib validates, audit-logs and tells every instance.
import { revalidatePath } from "next/cache";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { invalid } from "@/lib/errors";
import { formErrorState, withFormFields, type FormState } from "@/lib/forms/state";
import { QUOTA_KEYS } from "@/lib/quotas/effective";
import { updatePlan } from "@/lib/quotas/plan-admin";
import { quotaFromForm } from "@/components/quotas/units";

export async function updatePlanAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  try {
    const p = await requireConsoleAction("platform:write");
    const planId = String(fd.get("plan") ?? "");
    const quotas: Record<string, unknown> = {};
    const missing: { path: string; message: string }[] = [];
    for (const k of QUOTA_KEYS) {
      const v = quotaFromForm(fd, k);
      if (v === undefined) missing.push({ path: k, message: "Enter a number, or choose Unlimited." });
      else quotas[k] = v;
    }
    if (missing.length) throw invalid("The plan is not valid.", missing);
    // The schema names quota fields `quotas.<key>`; the form's fields are `<key>`.
    const plan = await withFormFields(
      () => updatePlan(planId, { name: String(fd.get("name") ?? ""), quotas }, actorOf(p)),
      (path) => path.replace(/^quotas\./, ""),
    );
    revalidatePath("/plans");
    revalidatePath("/tenants", "layout");
    return { ok: true, message: `${plan.name} saved.` };
  } catch (e) {
    return formErrorState(e);
  }
}
