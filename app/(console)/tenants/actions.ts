"use server";
// Tenant lifecycle actions for the console. Server actions are public POST endpoints: each one checks
// the caller's role itself, whatever the page showed.
import { revalidatePath } from "next/cache";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { invalid } from "@/lib/errors";
import { formErrorState, formValues, type FormState } from "@/lib/forms/state";
import { toResult, type ActionResult } from "@/lib/forms/result";
import { createTenant, deleteTenant, getTenant, resumeTenant, suspendTenant, updateTenant } from "@/lib/tenants/service";
import { planLabel } from "@/components/plan-badge";

const CREATE_FIELDS = ["name", "slug", "plan", "isolation", "region"] as const;

export async function createTenantAction(_prev: FormState<{ id: string }>, fd: FormData): Promise<FormState<{ id: string }>> {
  const values = formValues(fd, CREATE_FIELDS);
  try {
    const p = await requireConsoleAction("platform:write");
    const t = await createTenant(values, actorOf(p));
    revalidatePath("/tenants");
    revalidatePath("/");
    return { ok: true, message: `Tenant ${t.name} created.`, data: { id: t.id } };
  } catch (e) {
    return formErrorState(e, { conflictField: "slug", values });
  }
}

async function lifecycle(id: string, run: (id: string, p: Awaited<ReturnType<typeof requireConsoleAction>>) => Promise<string>): Promise<ActionResult> {
  return toResult(async (): Promise<ActionResult> => {
    const p = await requireConsoleAction("platform:write");
    if (typeof id !== "string" || !id) return { ok: false, message: "Tenant not found." };
    const message = await run(id, p);
    // The list, the dashboard and every tab of the tenant show the new state on their next render.
    revalidatePath("/", "layout");
    return { ok: true, message };
  });
}

export async function suspendTenantAction(id: string): Promise<ActionResult> {
  return lifecycle(id, async (tid, p) => `${(await suspendTenant(tid, actorOf(p))).name} is suspended.`);
}

export async function resumeTenantAction(id: string): Promise<ActionResult> {
  return lifecycle(id, async (tid, p) => `${(await resumeTenant(tid, actorOf(p))).name} is active again.`);
}

/** The typed slug is checked here too: the dialog's check alone is only a convenience. */
export async function deleteTenantAction(id: string, confirmSlug: string): Promise<ActionResult> {
  return lifecycle(id, async (tid, p) => {
    const t = await getTenant(tid);
    if (confirmSlug !== t.slug) throw invalid(`Type ${t.slug} to confirm.`);
    return `${(await deleteTenant(tid, actorOf(p))).name} is deleted.`;
  });
}

/**
 * Moves a tenant to another plan. With billing on, the lib moves the Stripe subscription in the same
 * call and refuses (plan unchanged) when Stripe does: its reason comes back as the message to show.
 */
export async function changePlanAction(id: string, plan: string): Promise<ActionResult> {
  return lifecycle(id, async (tid, p) => {
    const before = await getTenant(tid);
    if (before.plan === plan) throw invalid(`${before.name} is already on this plan.`);
    const t = await updateTenant(tid, { plan }, actorOf(p));
    return `${t.name} is now on the ${planLabel(t.plan)} plan.`;
  });
}
