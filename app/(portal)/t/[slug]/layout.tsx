import Link from "next/link";
import { Boxes } from "lucide-react";
import { portalCan } from "@/lib/auth/permissions";
import { myTenants } from "@/lib/members/portal";
import { signOutAction } from "@/app/login/actions";
import { Logo } from "@/components/logo";
import { PlanBadge } from "@/components/plan-badge";
import { StatusBadge } from "@/components/status-badge";
import { AccountMenu } from "@/components/account-menu";
import { PORTAL_NAV } from "@/components/portal/nav";
import { PortalNav } from "@/components/portal/portal-nav";
import { TenantSwitcher } from "@/components/portal/tenant-switcher";
import { ViewAsBanner } from "@/components/portal/notices";
import { ROLE_LABEL } from "@/components/portal/types";
import { portalFrame } from "../../_lib/access";

// The portal's own frame (not the console's): the tenant's name and switcher, its sections, the
// member's menu. It checks access to draw itself, but every page checks again on its own.
export default async function PortalLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await portalFrame(slug);
  if (!session) return <>{children}</>;
  const { principal, tenant, role, viewAs } = session;
  const tenants = await myTenants(principal);
  const segments = PORTAL_NAV.filter((i) => viewAs || portalCan(principal, i.action, tenant.id)).map((i) => i.segment);
  const roleLabel = role ? ROLE_LABEL[role] : principal.platformRole === "admin" ? "Platform admin (read-only)" : "Platform viewer (read-only)";
  return (
    <div className="flex min-h-screen flex-col">
      {viewAs ? <ViewAsBanner tenantName={tenant.name} /> : null}
      <header className="border-b border-border bg-background">
        <div className="mx-auto flex h-12 max-w-5xl items-center gap-2 px-4 sm:px-6">
          <Link href="/t" aria-label="Your tenants" className="shrink-0">
            <Logo className="max-sm:hidden" />
            <span className="grid size-6 place-items-center rounded-md bg-primary text-primary-foreground sm:hidden">
              <Boxes className="size-3.5" aria-hidden="true" />
            </span>
          </Link>
          <span aria-hidden="true" className="text-muted-foreground/60">/</span>
          <div className="flex min-w-0 flex-1 items-center gap-2">
            <TenantSwitcher current={{ slug: tenant.slug, name: tenant.name }} tenants={tenants.map((t) => ({ slug: t.slug, name: t.name, role: t.role }))} />
            <PlanBadge plan={tenant.plan} className="max-sm:hidden" />
            {tenant.status !== "active" ? <StatusBadge status={tenant.status} /> : null}
          </div>
          {viewAs ? (
            <Link href={`/tenants/${tenant.id}`} className="text-xs text-muted-foreground underline-offset-4 hover:underline max-sm:hidden">
              Back to console
            </Link>
          ) : null}
          <AccountMenu email={principal.email} roleLabel={roleLabel} signOut={signOutAction} />
        </div>
        <div className="mx-auto max-w-5xl px-4 sm:px-6">
          <PortalNav slug={tenant.slug} segments={segments} />
        </div>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
