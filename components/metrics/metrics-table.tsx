"use client";
import * as React from "react";
import { Archive, ArchiveRestore, Gauge } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ConfirmButton } from "@/components/confirm-button";
import { EmptyState } from "@/components/empty-state";
import { RelativeTime } from "@/components/relative-time";
import { metricLabel } from "@/components/usage/metric-format";
import type { MetricActions, MetricInfo } from "./types";

function ArchiveButton({ m, setArchived }: { m: MetricInfo; setArchived: MetricActions["setArchived"] }) {
  return (
    <ConfirmButton
      label={`Archive ${m.name}`}
      triggerLabel={
        <>
          <Archive aria-hidden="true" />
          <span className="hidden lg:inline">Archive</span>
        </>
      }
      title={`Archive ${m.name}?`}
      description="Events reporting it are refused (400) from the next request on. Its history stays on the usage charts and in the API; you can unarchive it later."
      confirmLabel="Archive metric"
      onConfirm={async () => {
        const r = await setArchived({ name: m.name, archived: true });
        if (r.ok) toast.success(r.message);
        else toast.error(r.message);
      }}
    />
  );
}

function UnarchiveButton({ m, setArchived }: { m: MetricInfo; setArchived: MetricActions["setArchived"] }) {
  const [pending, startTransition] = React.useTransition();
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={`Unarchive ${m.name}`}
      disabled={pending}
      aria-busy={pending || undefined}
      onClick={() =>
        startTransition(async () => {
          const r = await setArchived({ name: m.name, archived: false });
          if (r.ok) toast.success(r.message);
          else toast.error(r.message);
        })
      }
    >
      {pending ? <Spinner /> : <ArchiveRestore aria-hidden="true" />}
      <span className="hidden lg:inline">Unarchive</span>
    </Button>
  );
}

function Rows({ metrics, actions }: { metrics: MetricInfo[]; actions?: MetricActions }) {
  return metrics.map((m) => (
    <TableRow key={m.name}>
      <TableCell>
        <div className="font-mono text-xs font-medium">{m.name}</div>
        <div className="text-xs text-muted-foreground">{m.builtin ? metricLabel(m.name) : m.description || "—"}</div>
      </TableCell>
      <TableCell>
        <Badge tone={m.kind === "counter" ? "blue" : "violet"}>{m.kind}</Badge>
      </TableCell>
      <TableCell className="hidden sm:table-cell text-muted-foreground">{m.unit}</TableCell>
      <TableCell className="hidden md:table-cell text-muted-foreground">{m.created_at ? <RelativeTime value={m.created_at} /> : "—"}</TableCell>
      <TableCell>
        {m.builtin ? <Badge tone="gray">Built-in</Badge> : m.archived ? <Badge tone="amber">Archived</Badge> : <Badge tone="green">Active</Badge>}
      </TableCell>
      <TableCell className="w-0 text-right">
        {actions && !m.builtin ? (
          m.archived ? <UnarchiveButton m={m} setArchived={actions.setArchived} /> : <ArchiveButton m={m} setArchived={actions.setArchived} />
        ) : null}
      </TableCell>
    </TableRow>
  ));
}

function MetricTable({ label, metrics, actions }: { label: string; metrics: MetricInfo[]; actions?: MetricActions }) {
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Metric</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead className="hidden sm:table-cell">Unit</TableHead>
          <TableHead className="hidden md:table-cell">Registered</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="w-0">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        <Rows metrics={metrics} actions={actions} />
      </TableBody>
    </Table>
  );
}

/** Custom metrics (with archive / unarchive when the viewer may change them), then the built-in ones. */
export function MetricsTables({ metrics, actions, registerButton }: { metrics: MetricInfo[]; actions?: MetricActions; registerButton?: React.ReactNode }) {
  const custom = metrics.filter((m) => !m.builtin);
  const builtin = metrics.filter((m) => m.builtin);
  return (
    <div className="grid gap-6">
      <section aria-labelledby="custom-metrics" className="grid gap-2">
        <div className="flex items-center justify-between gap-3">
          <h2 id="custom-metrics" className="text-sm font-semibold">
            Custom metrics
          </h2>
          {/* Always here, never inside the empty state: moving it would remount the open dialog when the first metric arrives. */}
          {registerButton}
        </div>
        <div className="rounded-lg border border-border bg-card">
          {custom.length === 0 ? (
            <EmptyState
              icon={<Gauge />}
              title="No custom metrics yet"
              description={
                actions ? "Register metric to meter something of your product's own, such as emails sent or seats in use." : "Platform admins can register metrics of the product's own."
              }
            />
          ) : (
            <MetricTable label="Custom metrics" metrics={custom} actions={actions} />
          )}
        </div>
      </section>
      <section aria-labelledby="builtin-metrics" className="grid gap-2">
        <h2 id="builtin-metrics" className="text-sm font-semibold">
          Built-in metrics
        </h2>
        <p className="text-xs text-muted-foreground">Known out of the box; read-only. The ones with a quota are limited by each tenant&apos;s plan.</p>
        <div className="rounded-lg border border-border bg-card">
          <MetricTable label="Built-in metrics" metrics={builtin} />
        </div>
      </section>
    </div>
  );
}
