"use server";
// Registering and archiving custom usage metrics from Settings → Usage metrics. Platform admins only,
// checked here (server actions are public POST endpoints); the lib validates, audit-logs and tells
// every instance.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { parseOrThrow } from "@/lib/errors";
import { toResult, type ActionResult } from "@/lib/forms/result";
import { formErrorState, formValues, type FormState } from "@/lib/forms/state";
import { registerMetric, updateMetric } from "@/lib/metering/metric-admin";

const PATH = "/settings/metrics";
const archiveArgs = z.object({ name: z.string().min(1), archived: z.boolean() });

export async function registerMetricAction(_prev: FormState<{ name: string }>, fd: FormData): Promise<FormState<{ name: string }>> {
  const values = formValues(fd, ["name", "kind", "unit", "description"]);
  try {
    const p = await requireConsoleAction("platform:write");
    const m = await registerMetric(values, actorOf(p));
    revalidatePath(PATH);
    return { ok: true, data: { name: m.name } };
  } catch (e) {
    return formErrorState(e, { values, conflictField: "name" });
  }
}

export async function setMetricArchivedAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    const args = parseOrThrow(archiveArgs, input, "The request is not valid.");
    const m = await updateMetric(args.name, { archived: args.archived }, actorOf(p));
    revalidatePath(PATH);
    return `${m.name} ${m.archived ? "archived" : "accepts events again"}.`;
  });
}
