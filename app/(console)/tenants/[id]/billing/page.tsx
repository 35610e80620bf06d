import type { Metadata } from "next";
import { AlertTriangle, ExternalLink, RefreshCw } from "lucide-react";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { billingConfig, tenantBilling } from "@/lib/billing";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/relative-time";
import { planLabel } from "@/components/plan-badge";
import { formatNumber } from "@/components/format";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { BillingStatusBadge } from "@/components/billing/status-badge";
import { EstimateTable } from "@/components/billing/estimate-table";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { RunButton } from "@/components/billing/run-button";
import { formatPeriod } from "@/components/billing/money";
import { SectionError, settle } from "@/components/billing/section-error";
import { loadTenant } from "../load";
import { syncTenantUsageAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

export default async function TenantBillingTab({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const p = await requireConsolePage("platform:read", `/tenants/${id}/billing`);
  const tenant = await loadTenant(id);
  if (!billingConfig().enabled) return <BillingNotConfigured audience="console" />;
  const read = await settle("The tenant's billing", tenantBilling(tenant.id));
  if (!read.ok) {
    return (
      <Card>
        <SectionError what="The tenant's billing" error={read.error} />
      </Card>
    );
  }
  const b = read.value;
  const isAdmin = can(p, "platform:write");
  return (
    <div className="grid gap-5 [&>*]:min-w-0">
      {b.lastError ? (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm">
          <AlertTriangle className="mt-px size-4 shrink-0 text-destructive" aria-hidden="true" />
          <div>
            <p className="font-medium text-destructive">The Stripe customer or subscription could not be made yet; it is retried automatically.</p>
            <p className="mt-0.5 font-mono text-xs break-all text-muted-foreground">{b.lastError}</p>
          </div>
        </div>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-2 [&>*]:min-w-0">
        <Card aria-label="Subscription">
          <CardHeader>
            <CardTitle>Subscription</CardTitle>
            <BillingStatusBadge status={b.status} />
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2.5 text-sm">
              <Row label="Customer">
                <StripeLink id={b.customerId} href={b.links.customer} what="customer" />
              </Row>
              <Row label="Subscription">
                <StripeLink id={b.subscriptionId} href={b.links.subscription} what="subscription" />
              </Row>
              <Row label="Plan">{planLabel(b.planId)}</Row>
              <Row label="Current period">{formatPeriod(b.currentPeriodStart, b.currentPeriodEnd)}</Row>
              <Row label="Status changed">{b.statusChangedAt ? <RelativeTime value={b.statusChangedAt} /> : <span className="text-muted-foreground">—</span>}</Row>
              {b.graceEndsAt ? (
                <Row label="Grace period ends">
                  <span className="font-medium text-amber-700 dark:text-amber-300">
                    <RelativeTime value={b.graceEndsAt} />
                  </span>
                </Row>
              ) : null}
              {b.suspendedByBilling ? (
                <Row label="Suspension">
                  <span className="text-destructive">Suspended for non-payment; resumed automatically when paid.</span>
                </Row>
              ) : null}
            </dl>
          </CardContent>
        </Card>
        <Card aria-label="Meter sync">
          <CardHeader>
            <div>
              <CardTitle>Meter sync</CardTitle>
              <CardDescription>Usage reported to Stripe as meter events; a retry never reports the same usage twice.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="grid gap-3">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2.5 text-sm">
              <Row label="Last synced">{b.meterSync.lastSyncedAt ? <RelativeTime value={b.meterSync.lastSyncedAt} /> : <span className="text-muted-foreground">Never</span>}</Row>
              <Row label="Waiting to send">
                <span className="tabular">{formatNumber(b.meterSync.pendingDeltas)}</span>
              </Row>
              <Row label="Last error">
                {b.meterSync.lastError ? (
                  <span className="font-mono text-xs break-all text-destructive">{b.meterSync.lastError}</span>
                ) : (
                  <span className="text-muted-foreground">None</span>
                )}
              </Row>
            </dl>
            {isAdmin && tenant.status !== "deleted" ? (
              <RunButton variant="outline" action={syncTenantUsageAction.bind(null, tenant.id)} pendingLabel="Syncing…">
                <RefreshCw aria-hidden="true" />
                Sync now
              </RunButton>
            ) : null}
          </CardContent>
        </Card>
      </div>
      <Card aria-label="Estimate">
        <CardHeader>
          <div>
            <CardTitle>This period so far</CardTitle>
            <CardDescription>Usage priced by the {planLabel(b.planId)} plan: an estimate; Stripe&apos;s invoice is what the tenant pays.</CardDescription>
          </div>
        </CardHeader>
        {b.estimate ? (
          <EstimateTable estimate={b.estimate} planName={planLabel(b.planId)} />
        ) : (
          <CardContent>
            <p className="text-sm text-muted-foreground">
              The {planLabel(b.planId)} plan has no prices yet. Set them on the <a className="text-primary hover:underline" href="/billing">Billing</a> page.
            </p>
          </CardContent>
        )}
      </Card>
      <Card aria-label="Invoices">
        <CardHeader>
          <CardTitle>Invoices</CardTitle>
        </CardHeader>
        <InvoicesTable invoices={b.invoices} error={b.invoicesError} />
      </Card>
    </div>
  );
}

function StripeLink({ id, href, what }: { id: string | null; href: string | null; what: string }) {
  if (!id) return <span className="text-muted-foreground">No {what} yet</span>;
  if (!href) return <span className="font-mono text-xs">{id}</span>;
  return (
    <a href={href} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 font-mono text-xs text-primary hover:underline" aria-label={`${id} in the Stripe dashboard`}>
      {id}
      <ExternalLink className="size-3" aria-hidden="true" />
    </a>
  );
}

function Row({ label, children }: { label: React.ReactNode; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}
