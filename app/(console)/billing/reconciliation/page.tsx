import type { Metadata } from "next";
import { requireConsolePage } from "@/lib/auth/session";
import { billingConfig, reconciliation } from "@/lib/billing";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { ReconciliationTable } from "@/components/billing/reconciliation-table";

export const metadata: Metadata = { title: "Reconciliation" };

export default async function BillingReconciliationPage() {
  await requireConsolePage("platform:read", "/billing/reconciliation");
  if (!billingConfig().enabled) return <BillingNotConfigured audience="console" />;
  const rows = await reconciliation();
  const differing = rows.filter((r) => r.difference !== 0 || (r.stripeDifference ?? 0) !== 0).length;
  return (
    <Card aria-label="Reconciliation">
      <CardHeader>
        <div>
          <CardTitle>Tenantry against Stripe</CardTitle>
          <CardDescription>
            {rows.length === 0
              ? "Per tenant, metric and period: usage Tenantry counted, what was reported to Stripe, and what Stripe's meter holds."
              : differing
                ? `${differing} of ${rows.length} rows differ (highlighted, listed first). Usage not yet reported is sent by the next sync.`
                : `All ${rows.length} rows agree.`}
          </CardDescription>
        </div>
      </CardHeader>
      <ReconciliationTable rows={rows} />
    </Card>
  );
}
