import { Scale } from "lucide-react";
import type { ReconciliationRow } from "@/lib/billing/types";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import { EmptyState } from "../empty-state";
import { cn } from "../ui/cn";
import { formatPeriod, formatQuantity } from "./money";
import { metricLabel } from "@/components/usage/metric-format";

function Diff({ metric, value }: { metric: string; value: number | null }) {
  if (value === null) return <span className="text-muted-foreground">—</span>;
  if (value === 0) return <span className="text-muted-foreground">0</span>;
  return (
    <span className="font-medium text-amber-700 dark:text-amber-300">
      {value > 0 ? "+" : "−"}
      {formatQuantity(metric, Math.abs(value))}
    </span>
  );
}

/**
 * Tenantry's totals per tenant, metric and period against what was reported to Stripe (and what
 * Stripe's meter says, when it could be asked). Rows that differ come first and are highlighted.
 */
export function ReconciliationTable({ rows }: { rows: ReconciliationRow[] }) {
  if (rows.length === 0) {
    return <EmptyState icon={<Scale />} title="Nothing to reconcile yet" description="Rows appear once billed tenants have usage in the current period." />;
  }
  const off = (r: ReconciliationRow) => r.difference !== 0 || (r.stripeDifference ?? 0) !== 0;
  const sorted = [...rows].sort((a, b) => Number(off(b)) - Number(off(a)));
  return (
    <Table aria-label="Reconciliation">
      <TableHeader>
        <TableRow>
          <TableHead>Tenant</TableHead>
          <TableHead>Metric</TableHead>
          <TableHead>Period</TableHead>
          <TableHead className="text-right">Tenantry</TableHead>
          <TableHead className="text-right">Reported</TableHead>
          <TableHead className="text-right">Stripe</TableHead>
          <TableHead className="text-right">Not yet reported</TableHead>
          <TableHead className="text-right">Stripe − reported</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sorted.map((r) => (
          <TableRow
            key={`${r.tenantId}:${r.metric}:${new Date(r.periodStart).getTime()}`}
            data-differs={off(r) || undefined}
            className={cn(off(r) && "bg-amber-50 hover:bg-amber-100/70 dark:bg-amber-950/40 dark:hover:bg-amber-950/60")}
          >
            <TableCell>
              <a href={`/tenants/${r.tenantId}/billing`} className="font-mono text-xs text-primary hover:underline">
                {r.tenantSlug}
              </a>
            </TableCell>
            <TableCell>{metricLabel(r.metric)}</TableCell>
            <TableCell className="whitespace-nowrap">{formatPeriod(r.periodStart, r.periodEnd)}</TableCell>
            <TableCell className="text-right tabular">{formatQuantity(r.metric, r.tenantry)}</TableCell>
            <TableCell className="text-right tabular">{formatQuantity(r.metric, r.reported)}</TableCell>
            <TableCell className="text-right tabular">{r.stripe === null ? <span className="text-muted-foreground">unknown</span> : formatQuantity(r.metric, r.stripe)}</TableCell>
            <TableCell className="text-right tabular">
              <Diff metric={r.metric} value={r.difference} />
            </TableCell>
            <TableCell className="text-right tabular">
              <Diff metric={r.metric} value={r.stripeDifference} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
