"use server";
// The Billing settings page's actions. Platform admins only, checked here (server actions are public
// POST endpoints); lib/billing validates and audit-logs each change itself.
import { revalidatePath } from "next/cache";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { invalid, type FieldError } from "@/lib/errors";
import { formErrorState, formValues, withFormFields, type FormState } from "@/lib/forms/state";
import { toResult } from "@/lib/forms/result";
import { BILLABLE_METRICS, billingConfig, runMeterSync, setPlanPricing, syncAll, type MeterSyncResult, type SyncReport } from "@/lib/billing";
import { parseMajorAmount } from "@/components/billing/money";
import type { RunResult } from "@/components/billing/run-button";

const NOT_CONFIGURED = "Billing is not configured: set STRIPE_SECRET_KEY.";

async function run<T>(fn: (actor: ReturnType<typeof actorOf>) => Promise<RunResult<T>>): Promise<RunResult<T>> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    if (!billingConfig().enabled) return { ok: false, message: NOT_CONFIGURED };
    return await fn(actorOf(p));
  });
}

/** The button does what `npm run stripe:sync` does: the catalogue, then customers and subscriptions for tenants without. */
export async function syncCatalogueAction(): Promise<RunResult<SyncReport>> {
  return run(async (actor) => {
    const report = await syncAll(actor);
    revalidatePath("/billing", "layout");
    const changed = report.created.length + report.updated.length + report.archived.length;
    if (report.errors.length) {
      return { ok: false, message: `The sync finished with ${report.errors.length} error${report.errors.length === 1 ? "" : "s"}: ${report.errors.join(" ")}` };
    }
    return { ok: true, message: changed ? `Catalogue synced: ${changed} change${changed === 1 ? "" : "s"} in Stripe.` : "Catalogue synced: Stripe was already up to date.", data: report };
  });
}

export async function syncUsageAction(): Promise<RunResult<MeterSyncResult>> {
  return run(async () => {
    const r = await runMeterSync();
    revalidatePath("/billing", "layout");
    if (r.failed > 0) return { ok: false, message: `${r.failed} usage report${r.failed === 1 ? "" : "s"} failed; they are retried on the next sync.` };
    return { ok: true, message: `Usage synced: ${r.sent} report${r.sent === 1 ? "" : "s"} sent for ${r.tenants} tenant${r.tenants === 1 ? "" : "s"}.`, data: r };
  });
}

function toMinor(raw: string | undefined, currency: string, field: string, errors: FieldError[]): number | undefined {
  if (raw === undefined) return undefined;
  const r = parseMajorAmount(raw, currency);
  if (r.ok) return r.minor;
  errors.push({ path: field, message: r.message });
  return undefined;
}

const FIELD_OF: Record<string, string> = { base_amount: "base", currency: "currency" };

export async function setPlanPricingAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  const fields = ["base", "currency", ...BILLABLE_METRICS.flatMap((m) => [m, `${m}_per`])];
  const values = formValues(fd, fields);
  try {
    const p = await requireConsoleAction("platform:write");
    const planId = String(fd.get("plan") ?? "");
    const currency = (values.currency ?? "usd").toLowerCase();
    const errors: FieldError[] = [];
    const base = toMinor(values.base, currency, "base", errors);
    if (values.base === undefined) errors.push({ path: "base", message: "Enter the monthly base price (0 for none)." });
    const metrics: Record<string, { unit_amount: number; per_units: number } | null> = {};
    for (const m of BILLABLE_METRICS) {
      const amount = toMinor(values[m], currency, m, errors);
      metrics[m] = amount === undefined ? null : { unit_amount: amount, per_units: Number(values[`${m}_per`] ?? 1) };
    }
    if (errors.length) throw invalid("The prices are not valid.", errors);
    // The schema's paths (`base_amount`, `metrics.api_requests.unit_amount`) → the form's fields.
    await withFormFields(
      () => setPlanPricing(planId, { base_amount: base, currency, metrics }, actorOf(p)),
      (path) => {
        const m = /^metrics\.(\w+)\.(unit_amount|per_units)$/.exec(path);
        return m ? (m[2] === "per_units" ? `${m[1]}_per` : m[1]) : (FIELD_OF[path] ?? path);
      },
    );
    revalidatePath("/billing", "layout");
    revalidatePath("/tenants", "layout");
    return { ok: true, message: "Prices saved. Sync the catalogue to send them to Stripe." };
  } catch (e) {
    return formErrorState(e, { values });
  }
}
