import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { listMetrics } from "@/lib/metering/metric-admin";
import { PageHeader } from "@/components/page-header";
import { MetricsTables } from "@/components/metrics/metrics-table";
import { RegisterMetricDialog } from "@/components/metrics/register-metric-dialog";
import { registerMetricAction, setMetricArchivedAction } from "./actions";

export const metadata: Metadata = { title: "Usage metrics" };
export const dynamic = "force-dynamic";

export default async function MetricsPage() {
  const p = await requireConsolePage("platform:read", "/settings/metrics");
  const metrics = await listMetrics();
  const canManage = can(p, "platform:write");
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Usage metrics"
        description="What tenants' software may report through POST /api/v1/usage. Register your product's own metrics here (or through /api/v1/metrics); they show on each tenant's usage charts and in the CSV, with no quota and no billing."
      />
      <MetricsTables
        metrics={metrics}
        actions={canManage ? { setArchived: setMetricArchivedAction } : undefined}
        registerButton={canManage ? <RegisterMetricDialog register={registerMetricAction} /> : undefined}
      />
    </div>
  );
}
