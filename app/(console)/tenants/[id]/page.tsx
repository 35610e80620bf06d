import type { Metadata } from "next";
import { AlertTriangle } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { dataLocationFor } from "@/lib/isolation/locations";
import { QUOTA_KEYS } from "@/lib/quotas/effective";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { StatusBadge } from "@/components/status-badge";
import { PlanBadge } from "@/components/plan-badge";
import { RelativeTime } from "@/components/relative-time";
import { QUOTA_LABELS, QuotaValue } from "@/components/quotas";
import { loadTenant } from "./load";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  try {
    return { title: (await loadTenant(id)).name };
  } catch {
    return { title: "Tenant" };
  }
}

const ISOLATION_LABEL: Record<string, string> = { shared: "Shared tables (row-level security)", schema: "Own schema", database: "Own database" };

export default async function TenantOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireConsolePage("platform:read", `/tenants/${id}`);
  const t = await loadTenant(id);
  const overridden = new Set(Object.keys(t.quota_overrides));
  const metadata = Object.entries(t.metadata);
  return (
    <div className="grid gap-5">
      {t.provisioning_error ? (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm">
          <AlertTriangle className="mt-px size-4 shrink-0 text-destructive" aria-hidden="true" />
          <div>
            <p className="font-medium text-destructive">Provisioning failed; it will be retried automatically.</p>
            <p className="mt-0.5 font-mono text-xs break-all text-muted-foreground">{t.provisioning_error}</p>
          </div>
        </div>
      ) : null}
      <div className="grid gap-5 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2.5 text-sm">
              <Row label="Plan">
                <PlanBadge plan={t.plan} />
              </Row>
              <Row label="Status">
                <StatusBadge status={t.status} />
              </Row>
              <Row label="Isolation">{ISOLATION_LABEL[t.isolation] ?? t.isolation}</Row>
              <Row label="Region">
                <span className="font-mono">{t.region}</span>
              </Row>
              <Row label="Data location">
                <span className="font-mono">
                  {t.isolation === "database" ? "database " : "schema "}
                  {dataLocationFor(t.id, t.isolation)}
                </span>
              </Row>
              <Row label="Template version">
                {t.template_version ? <span className="font-mono">{t.template_version}</span> : <span className="text-muted-foreground">Not provisioned yet</span>}
              </Row>
              <Row label="Created">
                <RelativeTime value={t.created_at} />
              </Row>
              <Row label="Updated">
                <RelativeTime value={t.updated_at} />
              </Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Quotas</CardTitle>
              <CardDescription>The plan&apos;s limits, with this tenant&apos;s overrides applied.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[1fr_max-content] gap-x-6 gap-y-2.5 text-sm">
              {QUOTA_KEYS.map((k) => (
                <Row key={k} label={QUOTA_LABELS[k] ?? k}>
                  <span className="flex items-center justify-end gap-2">
                    {overridden.has(k) ? <span className="rounded bg-muted px-1 text-[10px] text-muted-foreground uppercase">override</span> : null}
                    <QuotaValue name={k} value={t.quotas[k]} />
                  </span>
                </Row>
              ))}
            </dl>
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Metadata</CardTitle>
        </CardHeader>
        <CardContent>
          {metadata.length === 0 ? (
            <p className="text-sm text-muted-foreground">No metadata. Set it through the API (PATCH /api/v1/tenants/{"{id}"}).</p>
          ) : (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              {metadata.map(([k, v]) => (
                <Row key={k} label={<span className="font-mono">{k}</span>}>
                  <span className="font-mono break-all">{typeof v === "string" ? v : JSON.stringify(v)}</span>
                </Row>
              ))}
            </dl>
          )}
        </CardContent>
      </Card>
    </div>
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
