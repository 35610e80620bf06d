import { currentPrincipal } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { StatusBadge } from "@/components/status-badge";
import { PlanBadge } from "@/components/plan-badge";
import { CrumbLabel } from "@/components/console/crumbs";
import { TenantTabs } from "./tabs";
import { TenantActions } from "./tenant-actions";
import { loadTenant } from "./load";
import { listPlans } from "@/lib/quotas/plans";
import { billingConfig } from "@/lib/billing";

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Nothing about the tenant is read until the caller may see it; the page itself redirects the others.
  const p = await currentPrincipal();
  if (!p || !can(p, "platform:read")) return <>{children}</>;
  // The plan list (with its per-plan tenant counts) is only for the admin's Change plan dialog.
  const [t, plans] = await Promise.all([loadTenant(id), can(p, "platform:write") ? listPlans() : Promise.resolve([])]);
  return (
    <>
      <CrumbLabel segment={t.id} label={t.name} />
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-xl font-semibold tracking-tight">{t.name}</h1>
            <StatusBadge status={t.status} />
            <PlanBadge plan={t.plan} />
          </div>
          <p className="mt-1 font-mono text-xs text-muted-foreground">
            {t.slug} · {t.id}
          </p>
        </div>
        {can(p, "platform:write") ? (
          <div className="flex shrink-0 flex-wrap gap-2">
            <TenantActions
              id={t.id}
              name={t.name}
              slug={t.slug}
              status={t.status}
              plan={t.plan}
              plans={plans.map((pl) => ({ id: pl.id, name: pl.name }))}
              billing={billingConfig().enabled}
            />
          </div>
        ) : null}
      </div>
      <TenantTabs id={t.id} />
      <div className="pt-5">{children}</div>
    </>
  );
}
