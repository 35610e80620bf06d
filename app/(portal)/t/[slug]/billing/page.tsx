import type { Metadata } from "next";
import { portalCan } from "@/lib/auth/permissions";
import { billingConfig, planPricing, tenantBilling } from "@/lib/billing";
import { listPlans } from "@/lib/quotas/plans";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/page-header";
import { PlanBadge } from "@/components/plan-badge";
import { formatQuota } from "@/components/quotas";
import { SuspendedNotice } from "@/components/portal/notices";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { BillingStatusBadge } from "@/components/billing/status-badge";
import { CheckoutReturnNotice, PastDueBanner, PortalReturnNotice } from "@/components/billing/notices";
import { ManageBillingForm, PlanCards, type PlanCardData } from "@/components/billing/plan-cards";
import { formatMoney, formatPeriod } from "@/components/billing/money";
import { SectionError, settle } from "@/components/billing/section-error";
import { portalPage } from "../../../_lib/access";
import { openBillingPortalAction, startCheckoutAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

const INCLUDED: string[] = ["api_requests_per_month", "requests_per_second", "storage_bytes", "file_storage_bytes"];
const INCLUDED_LABEL: Record<string, string> = {
  api_requests_per_month: "API requests / month",
  requests_per_second: "requests / second",
  storage_bytes: "database storage",
  file_storage_bytes: "file storage",
};

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function BillingPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Search }) {
  const { slug } = await params;
  // Members may read the plan here; only owners and admins get the buttons (and the actions check again).
  const { principal, tenant, viewAs } = await portalPage(slug, `/t/${slug}/billing`, "tenant:read");
  const q = await searchParams;
  const cfg = billingConfig();
  const plans = await listPlans();
  const currentPlan = plans.find((p) => p.id === tenant.plan);

  if (!cfg.enabled) {
    return (
      <>
        <PageHeader title="Billing" description={<>Your plan: <PlanBadge plan={tenant.plan} className="inline-flex align-middle" /></>} />
        <BillingNotConfigured audience="portal" />
      </>
    );
  }

  // The subscription is read from Tenantry (and invoices from Stripe); if that fails the plans still show.
  const [read, pricing] = await Promise.all([settle("Your subscription", tenantBilling(tenant.id)), Promise.all(plans.map((p) => planPricing(p.id)))]);
  const billing = read.ok ? read.value : null;
  const status = billing?.status ?? null;
  const mayManage = !viewAs && portalCan(principal, "tenant:billing", tenant.id);
  const canCheckout = mayManage && tenant.status === "active";
  const cards: PlanCardData[] = plans.map((p, i) => ({
    id: p.id,
    name: p.name,
    baseAmount: pricing[i]?.baseAmount ?? null,
    currency: pricing[i]?.currency ?? "usd",
    metricPrices: pricing[i]?.metricPrices ?? [],
    includes: INCLUDED.map((k) => {
      const v = p.quotas[k as keyof typeof p.quotas] ?? null;
      return v === null ? `Unlimited ${INCLUDED_LABEL[k]}` : `${formatQuota(k, v)} ${INCLUDED_LABEL[k]}`;
    }),
  }));

  const checkout = q.checkout === "success" || q.checkout === "cancel" ? q.checkout : null;
  const paidPlan = typeof q.plan === "string" ? plans.find((p) => p.id === q.plan) : undefined;
  // The plan only changes when Stripe's event is applied, so the tenant on the plan paid for is the proof.
  const applied = checkout === "success" && (!paidPlan || (tenant.plan === paidPlan.id && (status === null || status === "active" || status === "trialing")));
  const estimate = billing?.estimate ?? null;

  return (
    <>
      {tenant.status === "suspended" ? <SuspendedNotice /> : null}
      {checkout ? <CheckoutReturnNotice outcome={checkout} planName={paidPlan?.name ?? null} applied={applied} /> : null}
      {q.portal === "return" ? <PortalReturnNotice /> : null}
      {status === "past_due" || status === "unpaid" ? (
        <PastDueBanner status={status} graceEndsAt={billing?.graceEndsAt ? billing.graceEndsAt.toISOString() : null} canManage={mayManage} />
      ) : null}
      <PageHeader
        title="Billing"
        description={`Your plan, your subscription and what this period costs so far.`}
        actions={mayManage && (billing?.customerId || !read.ok) ? <ManageBillingForm target={tenant.slug} action={openBillingPortalAction} /> : null}
      />
      <Card>
        {read.ok ? null : <SectionError what="Your subscription" error="Stripe or Tenantry did not answer." />}
        <dl className="grid grid-cols-2 divide-border sm:grid-cols-4 sm:divide-x">
          <Stat label="Plan">
            <PlanBadge plan={tenant.plan} />
          </Stat>
          <Stat label="Subscription">
            {status ? <BillingStatusBadge status={status} /> : <span className="text-sm text-muted-foreground">—</span>}
          </Stat>
          <Stat label="Current period">
            <span className="text-sm font-medium">{formatPeriod(billing?.currentPeriodStart ?? null, billing?.currentPeriodEnd ?? null)}</span>
          </Stat>
          <Stat label="Estimated so far">
            <span className="text-sm font-medium tabular">{estimate ? formatMoney(estimate.total, estimate.currency) : "—"}</span>
          </Stat>
        </dl>
      </Card>
      <h2 className="mt-6 mb-3 text-sm font-semibold">Plans</h2>
      <PlanCards plans={cards} current={tenant.plan} target={tenant.slug} action={canCheckout ? startCheckoutAction : undefined} />
      <p className="mt-3 text-xs text-muted-foreground">
        {canCheckout
          ? "Changing plan opens Stripe Checkout; your plan changes as soon as Stripe confirms the payment. Invoices and payment methods are under Manage billing."
          : viewAs
            ? "Viewing as platform staff: plan changes are made by the tenant's owners and admins, or from the console."
            : mayManage
              ? `This tenant is ${tenant.status}: the plan cannot be changed now.`
              : `You are on ${currentPlan?.name ?? tenant.plan}. Only owners and admins of ${tenant.name} can change the plan or see invoices.`}
      </p>
    </>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid content-start gap-1.5 px-4 py-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
