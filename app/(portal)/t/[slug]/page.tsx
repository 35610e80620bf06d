import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/page-header";
import { PlanBadge } from "@/components/plan-badge";
import { StatusBadge } from "@/components/status-badge";
import { formatBytes, formatCompact, formatNumber } from "@/components/format";
import { SuspendedNotice } from "@/components/portal/notices";
import { ROLE_LABEL } from "@/components/portal/types";
import { tenantQuotaReport } from "@/lib/quotas/overrides";
import { UsageBar } from "@/components/quotas/usage-bar";
import { portalPage } from "../../_lib/access";

export const metadata: Metadata = { title: "Overview" };

const ISOLATION_TEXT: Record<string, string> = {
  shared: "Shared tables, separated by row-level security",
  schema: "Its own schema in the shared database",
  database: "Its own database",
};

const QUOTAS: { key: string; label: string; format: (n: number) => string }[] = [
  { key: "api_requests_per_month", label: "API requests / month", format: formatCompact },
  { key: "requests_per_second", label: "Requests / second", format: formatNumber },
  { key: "storage_bytes", label: "Database storage", format: formatBytes },
  { key: "file_storage_bytes", label: "File storage", format: formatBytes },
  { key: "realtime_connections", label: "Realtime connections", format: formatNumber },
];

export default async function OverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, role, viewAs } = await portalPage(slug, `/t/${slug}`);
  const quotas = tenant.quotas as Record<string, number | null>;
  // Usage this period against each limit, for everyone who can read the tenant (members included).
  const used = new Map((await tenantQuotaReport(tenant.id)).rows.map((r) => [r.key as string, r.used]));
  return (
    <>
      {tenant.status === "suspended" ? <SuspendedNotice /> : null}
      <PageHeader title={tenant.name} description={<span className="font-mono text-xs">{tenant.slug}</span>} />
      <Card>
        <dl className="grid grid-cols-3 divide-x divide-border">
          <div className="grid gap-1.5 px-4 py-3">
            <dt className="text-xs text-muted-foreground">Plan</dt>
            <dd>
              <PlanBadge plan={tenant.plan} />
            </dd>
          </div>
          <div className="grid gap-1.5 px-4 py-3">
            <dt className="text-xs text-muted-foreground">Status</dt>
            <dd>
              <StatusBadge status={tenant.status} />
            </dd>
          </div>
          <div className="grid gap-1.5 px-4 py-3">
            <dt className="text-xs text-muted-foreground">Your role</dt>
            <dd className="truncate font-medium">{role ? ROLE_LABEL[role] : viewAs ? "View only" : "—"}</dd>
          </div>
        </dl>
      </Card>
      <div className="mt-4 grid gap-4 md:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>Quota this month</CardTitle>
          </CardHeader>
          <CardContent className="p-0">
            <dl className="divide-y divide-border">
              {QUOTAS.map((q) => (
                <div key={q.key} className="grid grid-cols-[1fr_auto] items-center gap-x-4 gap-y-1.5 px-4 py-2">
                  <dt className="text-muted-foreground">{q.label}</dt>
                  <dd className="font-medium tabular-nums">{quotas[q.key] === null ? "Unlimited" : q.format(quotas[q.key] ?? 0)}</dd>
                  {used.get(q.key) != null ? (
                    <dd className="col-span-2">
                      <UsageBar quota={q.key} used={used.get(q.key)!} limit={quotas[q.key] ?? null} />
                    </dd>
                  ) : null}
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Data</CardTitle>
          </CardHeader>
          <CardContent className="p-0">
            <dl className="divide-y divide-border">
              <div className="flex items-center justify-between gap-4 px-4 py-2">
                <dt className="text-muted-foreground">Isolation</dt>
                <dd className="text-right font-medium capitalize">{tenant.isolation}</dd>
              </div>
              <div className="px-4 py-2 text-xs text-muted-foreground">{ISOLATION_TEXT[tenant.isolation]}</div>
              <div className="flex items-center justify-between gap-4 px-4 py-2">
                <dt className="text-muted-foreground">Region</dt>
                <dd className="font-medium">{tenant.region}</dd>
              </div>
            </dl>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
