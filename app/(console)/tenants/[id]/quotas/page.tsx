import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { tenantQuotaReport } from "@/lib/quotas/overrides";
import { Card } from "@/components/ui/card";
import { PlanBadge } from "@/components/plan-badge";
import { QuotaOverridesTable } from "@/components/quotas/quota-overrides";
import { loadTenant } from "../load";
import { clearQuotaOverrideAction, setQuotaOverrideAction } from "./actions";

export const metadata: Metadata = { title: "Quotas" };

const day = (iso: string) => new Date(iso).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

export default async function TenantQuotasTab({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const p = await requireConsolePage("platform:read", `/tenants/${id}/quotas`);
  const tenant = await loadTenant(id);
  const report = await tenantQuotaReport(tenant.id);
  const canEdit = can(p, "platform:write") && tenant.status !== "deleted";
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">
        Limits from the <PlanBadge plan={tenant.plan} className="inline-flex align-middle" /> plan, unless overridden for {tenant.name}. Usage for {day(report.periodStart)} – {day(report.periodEnd)} (UTC).
      </p>
      <Card>
        <QuotaOverridesTable
          target={tenant.id}
          rows={report.rows}
          actions={canEdit ? { set: setQuotaOverrideAction, clear: clearQuotaOverrideAction } : undefined}
        />
      </Card>
    </div>
  );
}
