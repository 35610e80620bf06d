import type { Estimate } from "@/lib/billing/types";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import { formatMoney, formatPeriod, formatQuantity, formatUnitPrice } from "./money";
import { metricLabel } from "@/components/usage/metric-format";

/** The current period's charges so far, priced by the plan: an estimate until Stripe invoices it. */
export function EstimateTable({ estimate, planName }: { estimate: Estimate; planName: string }) {
  const c = estimate.currency;
  return (
    <Table aria-label="Estimate for the current period">
      <TableHeader>
        <TableRow>
          <TableHead>Item</TableHead>
          <TableHead className="text-right">Quantity</TableHead>
          <TableHead className="text-right">Unit price</TableHead>
          <TableHead className="text-right">Amount</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        <TableRow>
          <TableCell>
            {planName} plan
            <span className="block text-xs text-muted-foreground">Base price, {formatPeriod(estimate.periodStart, estimate.periodEnd)}</span>
          </TableCell>
          <TableCell className="text-right tabular">1</TableCell>
          <TableCell className="text-right tabular">{formatMoney(estimate.base, c)}</TableCell>
          <TableCell className="text-right tabular">{formatMoney(estimate.base, c)}</TableCell>
        </TableRow>
        {estimate.lines.map((l) => (
          <TableRow key={l.metric}>
            <TableCell>{metricLabel(l.metric)}</TableCell>
            <TableCell className="text-right tabular">{formatQuantity(l.metric, l.quantity)}</TableCell>
            <TableCell className="text-right tabular text-muted-foreground">{formatUnitPrice(l.metric, l.unitAmount, l.perUnits, c)}</TableCell>
            <TableCell className="text-right tabular">{formatMoney(l.amount, c)}</TableCell>
          </TableRow>
        ))}
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={3} className="text-right font-medium">
            Estimated total
          </TableCell>
          <TableCell className="text-right font-semibold tabular">{formatMoney(estimate.total, c)}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
