import type { Metadata } from "next";
import Link from "next/link";
import { requireConsolePage } from "@/lib/auth/session";
import { countTenantsByStatus, listTenants } from "@/lib/tenants/service";
import { listPlans } from "@/lib/quotas/plans";
import { listAudit } from "@/lib/audit/log";
import { STATUSES } from "@/lib/tenants/schemas";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusBadge } from "@/components/status-badge";
import { PlanBadge } from "@/components/plan-badge";
import { RelativeTime } from "@/components/relative-time";
import { EmptyState } from "@/components/empty-state";
import { formatNumber } from "@/components/format";
import { AuditSummary } from "@/components/console/audit-summary";
import { PLATFORM_CHART_METRICS, platformUsageView, thisMonth } from "@/lib/metering/usage-view";
import { tenantsNearQuota, topTenantsThisMonth } from "@/lib/metering/leaders";
import { QUOTA_LABELS } from "@/components/quotas";
import { UsageBar } from "@/components/quotas/usage-bar";
import { UsageExplorer } from "@/components/usage/usage-explorer";
import { formatMetric, formatMetricExact, metricLabel } from "@/components/usage/metric-format";

export const metadata: Metadata = { title: "Dashboard" };

const MONTH_METRICS = ["api_requests", "egress_bytes", "read_ops", "write_ops"] as const;
/** A tenant shows under "Near their quota" from this share of a quota on. */
const NEAR_QUOTA = 0.8;

export default async function DashboardPage() {
  await requireConsolePage("platform:read", "/");
  const month = thisMonth();
  const [byStatus, plans, newest, audit, usage, top, near] = await Promise.all([
    countTenantsByStatus(),
    listPlans(),
    listTenants({ limit: 5 }),
    listAudit({ limit: 8 }),
    platformUsageView(month, MONTH_METRICS),
    topTenantsThisMonth("api_requests", 5),
    tenantsNearQuota(NEAR_QUOTA, 8),
  ]);
  const monthName = new Date(month.from).toLocaleDateString("en", { month: "long", year: "numeric", timeZone: "UTC" });
  const live = (byStatus.active ?? 0) + (byStatus.suspended ?? 0) + (byStatus.provisioning ?? 0);
  return (
    <>
      <PageHeader title="Dashboard" description="Your platform at a glance." />
      <section aria-label="Tenants by status" className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Stat label="Tenants" value={live} href="/tenants" hint="excluding deleted" className="col-span-2 lg:col-span-1" />
        {STATUSES.map((s) => (
          <Stat key={s} label={<StatusBadge status={s} />} value={byStatus[s] ?? 0} href={`/tenants?status=${s}`} ariaLabel={`${s} tenants`} />
        ))}
      </section>
      <section aria-labelledby="usage-month" className="mb-6">
        <h2 id="usage-month" className="mb-2 text-sm font-semibold">
          Usage in {monthName} <span className="font-normal text-muted-foreground">(UTC, all tenants)</span>
        </h2>
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {usage.metrics.map((m) => (
            <div key={m.metric} className="rounded-lg border border-border bg-card px-4 py-3 shadow-xs" role="group" aria-label={`${metricLabel(m.metric)} this month`}>
              <div className="text-xs text-muted-foreground">{metricLabel(m.metric)}</div>
              <div className="tabular mt-1 text-2xl font-semibold" title={formatMetricExact(m.metric, m.total ?? 0)}>
                {formatMetric(m.metric, m.total ?? 0)}
              </div>
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="platform-usage" className="mb-6">
        <h2 id="platform-usage" className="mb-2 text-sm font-semibold">
          Platform usage
        </h2>
        <UsageExplorer dataUrl="/platform-usage/data" metrics={[...PLATFORM_CHART_METRICS]} compact emptyHint="Usage from every tenant adds up here." />
      </section>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-label="Top tenants this month">
          <CardHeader>
            <CardTitle>Top tenants this month</CardTitle>
            <span className="text-xs text-muted-foreground">API requests</span>
          </CardHeader>
          {top.length === 0 ? (
            <EmptyState title="No requests yet this month" description="Tenants appear here as they use the API." />
          ) : (
            <ol className="divide-y divide-border">
              {top.map((t, i) => (
                <li key={t.id} className="relative flex items-center gap-3 px-4 py-2">
                  <span className="tabular w-4 text-xs text-muted-foreground">{i + 1}</span>
                  <div className="min-w-0 flex-1">
                    <Link href={`/tenants/${t.id}/usage`} className="block truncate font-medium after:absolute after:inset-0">
                      {t.name}
                    </Link>
                    <div className="truncate font-mono text-xs text-muted-foreground">{t.slug}</div>
                  </div>
                  <span className="tabular text-sm" title={formatNumber(t.value)}>
                    {formatMetric("api_requests", t.value)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card className="lg:col-span-2" aria-label="Near their quota">
          <CardHeader>
            <CardTitle>Near their quota</CardTitle>
            <span className="text-xs text-muted-foreground">{Math.round(NEAR_QUOTA * 100)} % or more this month</span>
          </CardHeader>
          {near.length === 0 ? (
            <EmptyState title="No tenant is near a quota" description={`Tenants using ${Math.round(NEAR_QUOTA * 100)} % or more of a quota this month show up here.`} />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Tenant</TableHead>
                  <TableHead>Quota</TableHead>
                  <TableHead className="w-48">Used</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {near.map((n) => (
                  <TableRow key={`${n.id}:${n.quota}`} className="relative">
                    <TableCell>
                      <Link href={`/tenants/${n.id}/usage`} className="font-medium after:absolute after:inset-0">
                        {n.name}
                      </Link>
                      <div className="font-mono text-xs text-muted-foreground">{n.slug}</div>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{QUOTA_LABELS[n.quota] ?? n.quota}</TableCell>
                    <TableCell>
                      <UsageBar quota={n.quota} used={n.used} limit={n.limit} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Newest tenants</CardTitle>
            <Link href="/tenants" className="text-xs text-primary hover:underline">
              All tenants
            </Link>
          </CardHeader>
          {newest.data.length === 0 ? (
            <EmptyState title="No tenants yet" description="Create your first tenant to see it here." />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Tenant</TableHead>
                  <TableHead>Plan</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right max-sm:hidden">Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {newest.data.map((t) => (
                  <TableRow key={t.id} className="relative">
                    <TableCell>
                      <Link href={`/tenants/${t.id}`} className="font-medium after:absolute after:inset-0">
                        {t.name}
                      </Link>
                      <div className="font-mono text-xs text-muted-foreground">{t.slug}</div>
                    </TableCell>
                    <TableCell>
                      <PlanBadge plan={t.plan} />
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={t.status} />
                    </TableCell>
                    <TableCell className="text-right whitespace-nowrap text-muted-foreground max-sm:hidden">
                      <RelativeTime value={t.created_at} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Tenants by plan</CardTitle>
            <Link href="/plans" className="text-xs text-primary hover:underline">
              Plans
            </Link>
          </CardHeader>
          <CardContent className="grid gap-3">
            {plans.map((p) => (
              <PlanBar key={p.id} id={p.id} count={p.tenantCount} total={Math.max(live, 1)} />
            ))}
          </CardContent>
        </Card>
        <Card className="lg:col-span-3">
          <CardHeader>
            <CardTitle>Recent activity</CardTitle>
            <Link href="/audit" className="text-xs text-primary hover:underline">
              Audit log
            </Link>
          </CardHeader>
          {audit.length === 0 ? (
            <EmptyState title="Nothing has happened yet" description="Changes to tenants show up here as they are made." />
          ) : (
            <ul className="divide-y divide-border">
              {audit.map((a) => (
                <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-4 py-2">
                  <span className="font-mono text-xs">{a.action}</span>
                  {a.tenantId ? (
                    <Link href={`/tenants/${a.tenantId}`} className="text-primary hover:underline">
                      {a.tenantSlug ?? a.tenantId}
                    </Link>
                  ) : null}
                  <AuditSummary data={a.data} className="min-w-0 flex-1 truncate text-xs text-muted-foreground max-sm:hidden" />
                  <span className="text-xs text-muted-foreground sm:ml-auto">
                    {a.actorLabel ?? a.actorType} · <RelativeTime value={a.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

function Stat({ label, value, href, hint, ariaLabel, className }: { label: React.ReactNode; value: number; href: string; hint?: string; ariaLabel?: string; className?: string }) {
  return (
    <Link
      href={href}
      aria-label={ariaLabel ? `${formatNumber(value)} ${ariaLabel}` : undefined}
      className={`${className ?? ""} rounded-lg border border-border bg-card px-4 py-3 shadow-xs transition-colors hover:bg-muted/50`}
    >
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="tabular mt-1 text-2xl font-semibold">{formatNumber(value)}</div>
      {hint ? <div className="text-xs text-muted-foreground">{hint}</div> : null}
    </Link>
  );
}

function PlanBar({ id, count, total }: { id: string; count: number; total: number }) {
  const pct = Math.round((count / total) * 100);
  return (
    <Link href={`/tenants?plan=${id}`} className="grid gap-1.5 rounded-sm">
      <div className="flex items-center justify-between">
        <PlanBadge plan={id} />
        <span className="tabular text-sm">{formatNumber(count)}</span>
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-muted" role="presentation">
        <div className="h-full rounded-full bg-primary" style={{ width: `${pct}%` }} />
      </div>
    </Link>
  );
}
