"use client";
import { initialFormState, type FormState } from "@/lib/forms/state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Input } from "../ui/input";
import { Select } from "../ui/select";
import { FormField } from "../form-field";
import { SaveFooter, useSavedToast } from "../save-footer";
import { useKeptForm } from "../quotas/use-kept-form";
import { formatMoney, formatPerUnits, formatUnitPrice, minorDigits } from "./money";
import { metricLabel } from "@/components/usage/metric-format";

export interface PricingData {
  planId: string;
  planName: string;
  /** null: the plan has no pricing yet */
  baseAmount: number | null;
  currency: string;
  metricPrices: { metric: string; unitAmount: number; perUnits: number }[];
}

export type PricingAction = (prev: FormState<never>, fd: FormData) => Promise<FormState<never>>;

// Decimal units, as billing counts bytes (lib/billing keeps per_units in a 32-bit column: ≤ 2·10^9).
const PER_OPTIONS: Record<string, number[]> = {
  api_requests: [1, 1_000, 10_000, 100_000, 1_000_000],
  egress_bytes: [1e6, 1e9],
  storage_bytes: [1e6, 1e9],
};

const perLabel = (metric: string, n: number) => `per ${formatPerUnits(metric, n)}`;

/** Minor units → "29.00" for an input (no currency symbol, no grouping). */
function toMajor(minor: number, currency: string): string {
  const d = minorDigits(currency.toUpperCase());
  return (minor / 10 ** d).toFixed(d);
}

function PricingForm({ plan, metrics, action }: { plan: PricingData; metrics: readonly string[]; action: PricingAction }) {
  const { state, onSubmit, pending } = useKeptForm(action, initialFormState);
  useSavedToast(state, "Prices saved.");
  const err = state.ok ? {} : state.fieldErrors;
  const kept = state.ok ? undefined : state.values;
  const v = (name: string, fallback: string) => kept?.[name] ?? fallback;
  const currency = plan.currency;
  const priceOf = (m: string) => plan.metricPrices.find((x) => x.metric === m);
  const id = (s: string) => `pricing-${plan.planId}-${s}`;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={`Prices of ${plan.planName}`}>
      <input type="hidden" name="plan" value={plan.planId} />
      <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
        <FormField id={id("base")} label="Base price per month" help="Charged every month, whatever the usage. 0 for none." error={err.base}>
          <Input name="base" inputMode="decimal" defaultValue={v("base", plan.baseAmount === null ? "" : toMajor(plan.baseAmount, currency))} autoComplete="off" />
        </FormField>
        <FormField id={id("currency")} label="Currency" error={err.currency}>
          <Input name="currency" defaultValue={v("currency", currency)} maxLength={3} autoComplete="off" className="font-mono lowercase" />
        </FormField>
      </div>
      {metrics.map((m) => {
        const p = priceOf(m);
        const options = PER_OPTIONS[m] ?? [1];
        const per = Number(v(`${m}_per`, String(p?.perUnits ?? options[Math.min(1, options.length - 1)])));
        const opts = options.includes(per) ? options : [...options, per].sort((a, b) => a - b);
        return (
          <div key={m} className="grid gap-4 sm:grid-cols-[1fr_10rem]">
            <FormField
              id={id(m)}
              label={`${metricLabel(m)} price`}
              help="Leave empty to meter without charging."
              error={err[m]}
              optional
            >
              <Input name={m} inputMode="decimal" defaultValue={v(m, p ? toMajor(p.unitAmount, currency) : "")} autoComplete="off" />
            </FormField>
            <FormField id={id(`${m}-per`)} label="Per" error={err[`${m}_per`]}>
              <Select name={`${m}_per`} defaultValue={String(per)}>
                {opts.map((n) => (
                  <option key={n} value={n}>
                    {perLabel(m, n)}
                  </option>
                ))}
              </Select>
            </FormField>
          </div>
        );
      })}
      <SaveFooter state={state} pending={pending} label={`Save ${plan.planName} prices`} />
    </form>
  );
}

/**
 * One card per plan: its base price and a price per billed metric. Saving changes Tenantry's prices;
 * the next catalogue sync makes new Stripe prices and archives the old ones (Stripe prices are
 * immutable). Viewers read the prices.
 */
export function PricingEditor({ plans, metrics, action }: { plans: PricingData[]; metrics: readonly string[]; action?: PricingAction }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {plans.map((p) => (
        <Card key={p.planId} aria-label={`Pricing ${p.planName}`}>
          <CardHeader>
            <div>
              <CardTitle>{p.planName}</CardTitle>
              <CardDescription>{p.baseAmount === null ? "No prices yet" : `${formatMoney(p.baseAmount, p.currency)} / month`}</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="py-4">
            {action ? (
              <PricingForm plan={p} metrics={metrics} action={action} />
            ) : (
              <dl className="grid gap-1.5 text-sm">
                {metrics.map((m) => {
                  const x = p.metricPrices.find((mp) => mp.metric === m);
                  return (
                    <div key={m} className="flex justify-between gap-4">
                      <dt className="text-muted-foreground">{metricLabel(m)}</dt>
                      <dd>{x ? formatUnitPrice(m, x.unitAmount, x.perUnits, p.currency) : "not charged"}</dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
