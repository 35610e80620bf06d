import { currentPrincipal } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { billingConfig } from "@/lib/billing";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { BillingSettingsTabs } from "@/components/billing/settings-tabs";

// The Billing settings frame: title, mode and the section tabs. Each page checks the session itself.
export default async function BillingLayout({ children }: { children: React.ReactNode }) {
  const p = await currentPrincipal();
  if (!p || !can(p, "platform:read")) return <>{children}</>;
  const cfg = billingConfig();
  return (
    <div className="max-w-6xl">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            Billing
            {cfg.enabled ? <Badge tone={cfg.mode === "live" ? "green" : "amber"}>{cfg.mode === "live" ? "Live mode" : "Test mode"}</Badge> : <Badge tone="gray">Off</Badge>}
          </span>
        }
        description="Stripe: plans to prices, usage to meters, and what comes back through webhooks."
      />
      {cfg.enabled ? <BillingSettingsTabs /> : null}
      {children}
    </div>
  );
}
