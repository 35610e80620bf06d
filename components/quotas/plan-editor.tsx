"use client";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/form-field";
import { PlanBadge } from "@/components/plan-badge";
import { SaveFooter, useSavedToast } from "@/components/save-footer";
import { QUOTA_LABELS, QuotaValue } from "@/components/quotas";
import { formatNumber } from "@/components/format";
import { initialFormState, type FormState } from "@/lib/forms/state";
import { QuotaInput } from "./quota-input";
import { useKeptForm } from "./use-kept-form";

export interface PlanData {
  id: string;
  name: string;
  quotas: Record<string, number | null>;
  tenantCount: number;
}

export type PlanAction = (prev: FormState<never>, fd: FormData) => Promise<FormState<never>>;

function TenantCount({ plan }: { plan: PlanData }) {
  return (
    <Link href={`/tenants?plan=${plan.id}`} className="text-sm text-primary tabular hover:underline" aria-label={`${plan.tenantCount} tenants on ${plan.name}`}>
      {formatNumber(plan.tenantCount)} tenant{plan.tenantCount === 1 ? "" : "s"}
    </Link>
  );
}

function PlanForm({ plan, keys, action }: { plan: PlanData; keys: readonly string[]; action: PlanAction }) {
  const { state, onSubmit, pending } = useKeptForm(action, initialFormState);
  useSavedToast(state, "Plan saved.");
  const err = state.ok ? {} : state.fieldErrors;
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label={`Edit plan ${plan.name}`}>
      <input type="hidden" name="plan" value={plan.id} />
      <FormField id={`plan-${plan.id}-name`} label="Name" error={err.name}>
        <Input name="name" defaultValue={plan.name} autoComplete="off" maxLength={60} className="max-w-xs" />
      </FormField>
      <div className="grid gap-4 md:grid-cols-2">
        {keys.map((k) => (
          <QuotaInput key={k} id={`plan-${plan.id}-${k}`} name={k} label={QUOTA_LABELS[k] ?? k} value={plan.quotas[k] ?? null} error={err[k]} />
        ))}
      </div>
      <SaveFooter state={state} pending={pending} label={`Save ${plan.name}`} />
    </form>
  );
}

/**
 * One card per plan. Admins edit the name and the five quotas (a change applies to every tenant on the
 * plan without an override, on their next request); viewers read the values.
 */
export function PlanEditor({ plans, keys, action }: { plans: PlanData[]; keys: readonly string[]; action?: PlanAction }) {
  return (
    <div className="grid gap-4">
      {plans.map((p) => (
        <Card key={p.id} aria-label={`Plan ${p.name}`}>
          <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
            <div className="flex items-center gap-2">
              <CardTitle>{p.name}</CardTitle>
              <PlanBadge plan={p.id} />
            </div>
            <CardDescription>
              <TenantCount plan={p} />
            </CardDescription>
          </CardHeader>
          <CardContent className="py-4">
            {action ? (
              // Not remounted after a save: the fields already show what was saved, and a remount would
              // drop the success toast with the old instance.
              <PlanForm plan={p} keys={keys} action={action} />
            ) : (
              <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
                {keys.map((k) => (
                  <div key={k} className="flex justify-between gap-4">
                    <dt className="text-muted-foreground">{QUOTA_LABELS[k] ?? k}</dt>
                    <dd className="font-medium">
                      <QuotaValue name={k} value={p.quotas[k] ?? null} />
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
