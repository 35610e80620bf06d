import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight, Gauge, KeyRound, Mail } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { systemInfo } from "@/lib/system/info";
import { billingConfig } from "@/lib/billing";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireConsolePage("platform:read", "/settings");
  const info = await systemInfo();
  const billing = billingConfig();
  return (
    <div className="max-w-3xl">
      <PageHeader title="Settings" description="How this installation is set up. Configured through environment variables; read-only here." />
      <div className="grid gap-5">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>System</CardTitle>
              <CardDescription>Versions and services this control plane runs with.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-8 gap-y-2.5 text-sm">
              <Row label="Tenantry version">
                <span className="font-mono">{info.appVersion}</span>
              </Row>
              <Row label="Database">
                <span className="flex flex-wrap items-center gap-2">
                  <Badge tone={info.database.mode === "embedded" ? "blue" : "neutral"}>{info.database.mode === "embedded" ? "Embedded" : "External"}</Badge>
                  <span className="font-mono text-xs">
                    {info.database.host}:{info.database.port}/{info.database.name}
                  </span>
                </span>
              </Row>
              <Row label="PostgreSQL">
                <span className="font-mono">{info.database.serverVersion ?? "unknown"}</span>
              </Row>
              <Row label="Control-plane schema">
                <span className="font-mono">{info.controlPlaneVersion ?? "unknown"}</span>
              </Row>
              <Row label="Tenant template">
                <span className="font-mono">{info.tenantTemplateVersion ?? "none"}</span>
              </Row>
              <Row label="Platform key">
                {info.platformKeyConfigured ? <Badge tone="green">Configured</Badge> : <Badge tone="gray">Not configured</Badge>}
                <span className="ml-2 text-xs text-muted-foreground">TENANTRY_PLATFORM_KEY</span>
              </Row>
              <Row label="Stripe billing">
                {billing.enabled ? (
                  <Badge tone={billing.mode === "live" ? "green" : "amber"}>{billing.mode === "live" ? "Live mode" : "Test mode"}</Badge>
                ) : (
                  <Badge tone="gray">Not configured</Badge>
                )}
                <Link href="/billing" className="ml-2 text-xs text-primary hover:underline">
                  {billing.enabled ? "Billing settings" : "STRIPE_SECRET_KEY"}
                </Link>
              </Row>
              <Row label="Node.js">
                <span className="font-mono">{info.nodeVersion}</span>
              </Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <Link href="/settings/platform-keys" className="flex items-center gap-3 rounded-lg px-4 py-3 hover:bg-muted/50">
            <KeyRound className="size-4 text-muted-foreground" aria-hidden="true" />
            <span className="flex-1">
              <span className="block font-medium">Platform keys</span>
              <span className="block text-xs text-muted-foreground">Keys for the control-plane REST API: issue and revoke them.</span>
            </span>
            <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
          </Link>
        </Card>
        <Card>
          <Link href="/settings/metrics" className="flex items-center gap-3 rounded-lg px-4 py-3 hover:bg-muted/50">
            <Gauge className="size-4 text-muted-foreground" aria-hidden="true" />
            <span className="flex-1">
              <span className="block font-medium">Usage metrics</span>
              <span className="block text-xs text-muted-foreground">The built-in metrics and your own: register and archive custom ones.</span>
            </span>
            <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
          </Link>
        </Card>
        <Card>
          <Link href="/settings/outbox" className="flex items-center gap-3 rounded-lg px-4 py-3 hover:bg-muted/50">
            <Mail className="size-4 text-muted-foreground" aria-hidden="true" />
            <span className="flex-1">
              <span className="block font-medium">Email outbox</span>
              <span className="block text-xs text-muted-foreground">Invitations and notices the platform has sent or queued.</span>
            </span>
            <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
          </Link>
        </Card>
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}
