"use client";
import * as React from "react";
import { Check } from "lucide-react";
import { initialFormState, type FormState } from "@/lib/forms/state";
import { Card } from "../ui/card";
import { Badge } from "../ui/badge";
import { SubmitButton } from "../submit-button";
import { cn } from "../ui/cn";
import { formatMoney, formatUnitPrice } from "./money";
import { metricLabel } from "@/components/usage/metric-format";

export interface PlanCardData {
  id: string;
  name: string;
  /** Monthly base price in minor units; null when the plan has no price in Tenantry yet. */
  baseAmount: number | null;
  currency: string;
  metricPrices: { metric: string; unitAmount: number; perUnits: number }[];
  /** What the plan includes, as short lines ("1M API requests / month"). */
  includes: string[];
}

export type BillingFormAction = (prev: FormState<never>, fd: FormData) => Promise<FormState<never>>;

/**
 * The plans side by side, the tenant's own marked. With `action` (owners and admins of an active
 * tenant), every other plan has a button that starts Stripe Checkout for it; without, the cards only
 * inform.
 */
export function PlanCards({
  plans,
  current,
  target,
  action,
}: {
  plans: PlanCardData[];
  current: string;
  /** The tenant's slug, sent with the form (never a tenant id from the browser). */
  target: string;
  action?: BillingFormAction;
}) {
  const currentIndex = plans.findIndex((p) => p.id === current);
  return (
    <div className="grid gap-4 md:grid-cols-3">
      {plans.map((p, i) => (
        <PlanCard key={p.id} plan={p} isCurrent={p.id === current} higher={i > currentIndex} target={target} action={action} />
      ))}
    </div>
  );
}

function PlanCard({
  plan,
  isCurrent,
  higher,
  target,
  action,
}: {
  plan: PlanCardData;
  isCurrent: boolean;
  higher: boolean;
  target: string;
  action?: BillingFormAction;
}) {
  return (
    <Card aria-label={`${plan.name} plan`} className={cn("flex flex-col p-4", isCurrent && "border-primary ring-1 ring-primary")}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{plan.name}</h3>
        {isCurrent ? <Badge tone="blue">Current plan</Badge> : null}
      </div>
      <p className="mt-2 text-2xl font-semibold tracking-tight tabular">
        {plan.baseAmount === null ? "—" : formatMoney(plan.baseAmount, plan.currency)}
        <span className="ml-1 text-sm font-normal text-muted-foreground">/ month</span>
      </p>
      {plan.metricPrices.length ? (
        <ul className="mt-1 grid gap-0.5 text-xs text-muted-foreground">
          {plan.metricPrices.map((m) => (
            <li key={m.metric}>
              {metricLabel(m.metric)}: {formatUnitPrice(m.metric, m.unitAmount, m.perUnits, plan.currency)}
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="mt-3 grid flex-1 content-start gap-1.5 text-sm">
        {plan.includes.map((line) => (
          <li key={line} className="flex items-start gap-2">
            <Check className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden="true" />
            {line}
          </li>
        ))}
      </ul>
      {action && !isCurrent ? <ChangeForm plan={plan} higher={higher} target={target} action={action} /> : null}
    </Card>
  );
}

function ChangeForm({ plan, higher, target, action }: { plan: PlanCardData; higher: boolean; target: string; action: BillingFormAction }) {
  const [state, dispatch] = React.useActionState(action, initialFormState);
  const verb = higher ? "Upgrade" : "Switch";
  return (
    <form action={dispatch} className="mt-4 grid gap-2">
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="plan" value={plan.id} />
      <SubmitButton variant={higher ? "default" : "outline"} pendingLabel="Opening Stripe Checkout…" aria-label={`${verb} to ${plan.name}`}>
        {verb} to {plan.name}
      </SubmitButton>
      {!state.ok && state.message ? (
        <p role="alert" className="text-sm text-destructive">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

/** Opens Stripe's Billing Portal (invoices, payment methods, cancellation) for the tenant. */
export function ManageBillingForm({ target, action }: { target: string; action: BillingFormAction }) {
  const [state, dispatch] = React.useActionState(action, initialFormState);
  return (
    <form action={dispatch} className="grid justify-items-start gap-2 sm:justify-items-end">
      <input type="hidden" name="target" value={target} />
      <SubmitButton variant="outline" pendingLabel="Opening Stripe…">
        Manage billing
      </SubmitButton>
      {!state.ok && state.message ? (
        <p role="alert" className="text-sm text-destructive">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
