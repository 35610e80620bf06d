import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { BILLABLE_METRICS, billingConfig, planPricing } from "@/lib/billing";
import { listPlans } from "@/lib/quotas/plans";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { PricingEditor, type PricingData } from "@/components/billing/pricing-form";
import { setPlanPricingAction } from "../actions";

export const metadata: Metadata = { title: "Prices" };

export default async function BillingPricesPage() {
  const p = await requireConsolePage("platform:read", "/billing/prices");
  if (!billingConfig().enabled) return <BillingNotConfigured audience="console" />;
  const plans = await listPlans();
  const pricing = await Promise.all(plans.map((pl) => planPricing(pl.id)));
  const data: PricingData[] = plans.map((pl, i) => ({
    planId: pl.id,
    planName: pl.name,
    baseAmount: pricing[i]?.baseAmount ?? null,
    currency: pricing[i]?.currency ?? "usd",
    metricPrices: pricing[i]?.metricPrices ?? [],
  }));
  const canEdit = can(p, "platform:write");
  return (
    <div className="grid gap-3 [&>*]:min-w-0">
      <p className="text-sm text-muted-foreground">
        What each plan costs. Tenantry keeps the prices; a catalogue sync (Overview) copies them to Stripe, replacing a changed price with a
        new one (Stripe prices cannot be edited). Quotas are set on the Plans page.
      </p>
      <PricingEditor plans={data} metrics={BILLABLE_METRICS} action={canEdit ? setPlanPricingAction : undefined} />
    </div>
  );
}
