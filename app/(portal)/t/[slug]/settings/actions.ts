"use server";
import { revalidatePath } from "next/cache";
import { formErrorState, formValues, type FormState } from "@/lib/forms/state";
import { renameTenant } from "@/lib/members/service";
import { portalAction } from "../../../_lib/access";

export async function renameTenantAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  const values = formValues(fd, ["name"]);
  try {
    const { tenant, ctx } = await portalAction(fd.get("target"), "tenant:settings");
    await renameTenant(ctx, tenant.id, values.name ?? "");
    revalidatePath(`/t/${tenant.slug}`, "layout");
    return { ok: true, message: "Tenant name saved." };
  } catch (e) {
    return formErrorState(e, { values });
  }
}
