import type { Metadata } from "next";
import { AlertTriangle, CheckCircle2, RefreshCw, XCircle } from "lucide-react";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { billingConfig, catalogue, checkConnection, meterSyncState, type MeterSyncState } from "@/lib/billing";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/relative-time";
import { formatNumber } from "@/components/format";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { CatalogueTable } from "@/components/billing/catalogue-table";
import { RunButton } from "@/components/billing/run-button";
import { CatalogueSyncButton } from "@/components/billing/catalogue-sync-button";
import { SectionError, settle } from "@/components/billing/section-error";
import { syncCatalogueAction, syncUsageAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage() {
  const p = await requireConsolePage("platform:read", "/billing");
  const cfg = billingConfig();
  if (!cfg.enabled) return <BillingNotConfigured audience="console" />;
  const isAdmin = can(p, "platform:write");
  // Independent sections: one that cannot be read (a bug, the database) does not take the page down.
  const [connection, cat, syncState] = await Promise.all([checkConnection(), settle("The catalogue", catalogue()), settle("The usage sync state", meterSyncState())]);
  const unsynced = cat.ok ? cat.value.filter((r) => !r.synced).length : 0;
  return (
    <div className="grid gap-5 [&>*]:min-w-0">
      <div className="grid gap-5 lg:grid-cols-2 [&>*]:min-w-0">
        <Card aria-label="Connection">
          <CardHeader>
            <CardTitle>Connection</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm">
            {connection.ok ? (
              <p className="flex items-center gap-2">
                <CheckCircle2 className="size-4 text-emerald-600" aria-hidden="true" />
                Connected to Stripe account <span className="font-mono text-xs">{connection.accountId}</span>
              </p>
            ) : (
              <p role="alert" className="flex items-start gap-2 text-destructive">
                <XCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                <span>Stripe could not be reached: {connection.error}</span>
              </p>
            )}
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
              <dt className="text-muted-foreground">API</dt>
              <dd className="font-mono text-xs">{cfg.apiBase ?? "https://api.stripe.com"}</dd>
              <dt className="text-muted-foreground">Webhooks</dt>
              <dd>{cfg.webhooksEnabled ? "Signing secret set" : <span className="text-destructive">STRIPE_WEBHOOK_SECRET not set</span>}</dd>
              <dt className="text-muted-foreground">Dunning grace</dt>
              <dd>
                {cfg.graceDays} day{cfg.graceDays === 1 ? "" : "s"} before an unpaid tenant is suspended
              </dd>
            </dl>
            {cfg.problems.map((msg) => (
              <p key={msg} className="flex items-start gap-2 text-amber-700 dark:text-amber-300">
                <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                {msg}
              </p>
            ))}
          </CardContent>
        </Card>
        <Card aria-label="Usage sync">
          <CardHeader>
            <div>
              <CardTitle>Usage sync</CardTitle>
              <CardDescription>Each tenant&apos;s metered usage, sent to Stripe as meter events by a scheduled job.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm">
            {syncState.ok ? <SyncStateList sync={syncState.value} /> : <SectionError what="The usage sync state" error={syncState.error} />}
            {isAdmin ? (
              <RunButton variant="outline" action={syncUsageAction} pendingLabel="Syncing usage…">
                <RefreshCw aria-hidden="true" />
                Sync usage now
              </RunButton>
            ) : null}
          </CardContent>
        </Card>
      </div>
      <Card aria-label="Catalogue">
        <CardHeader>
          <div>
            <CardTitle>Catalogue</CardTitle>
            <CardDescription>
              {!cat.ok
                ? "Plans → Stripe products, prices and meters."
                : unsynced
                ? `${unsynced} plan${unsynced === 1 ? "" : "s"} differ from Stripe. Syncing creates what is missing and replaces changed prices (the old ones are archived).`
                : "Every plan is in Stripe with its current prices. Syncing again changes nothing."}
            </CardDescription>
          </div>
        </CardHeader>
        {isAdmin ? (
          <CardContent className="border-b border-border">
            <CatalogueSyncButton action={syncCatalogueAction} />
          </CardContent>
        ) : null}
        {cat.ok ? <CatalogueTable rows={cat.value} dashboardUrl={cfg.dashboardUrl} /> : <SectionError what="The catalogue" error={cat.error} />}
      </Card>
    </div>
  );
}

function SyncStateList({ sync }: { sync: MeterSyncState }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
      <dt className="text-muted-foreground">Last run</dt>
      <dd>
        {sync.lastRunAt ? <RelativeTime value={sync.lastRunAt} /> : <span className="text-muted-foreground">Never</span>}
        {sync.lastRun ? (
          <span className="text-muted-foreground">
            {" "}
            · {formatNumber(sync.lastRun.sent)} sent, {formatNumber(sync.lastRun.failed)} failed, {formatNumber(sync.lastRun.durationMs)} ms
          </span>
        ) : null}
      </dd>
      <dt className="text-muted-foreground">Waiting to send</dt>
      <dd className="tabular">{formatNumber(sync.backlog)}</dd>
      <dt className="text-muted-foreground">Failing</dt>
      <dd className={sync.failing ? "font-medium text-destructive tabular" : "tabular"}>{formatNumber(sync.failing)}</dd>
      <dt className="text-muted-foreground">Last error</dt>
      <dd>{sync.lastError ? <span className="font-mono text-xs break-all text-destructive">{sync.lastError}</span> : <span className="text-muted-foreground">None</span>}</dd>
    </dl>
  );
}
