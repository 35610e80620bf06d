import { ExternalLink, FileText } from "lucide-react";
import type { InvoiceRow } from "@/lib/billing/types";
import { Badge, type BadgeTone } from "../ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import { EmptyState } from "../empty-state";
import { RelativeTime } from "../relative-time";
import { formatMoney } from "./money";

const INVOICE_TONE: Record<string, BadgeTone> = { paid: "green", open: "amber", draft: "gray", uncollectible: "red", void: "gray" };

export function InvoicesTable({ invoices, error }: { invoices: InvoiceRow[]; error?: string | null }) {
  if (error) {
    return (
      <p role="alert" className="px-4 py-3 text-sm text-destructive">
        The invoices could not be read from Stripe: {error}
      </p>
    );
  }
  if (invoices.length === 0) {
    return <EmptyState icon={<FileText />} title="No invoices yet" description="Stripe issues the first invoice at the end of the first billing period." />;
  }
  return (
    <Table aria-label="Invoices">
      <TableHeader>
        <TableRow>
          <TableHead>Invoice</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
          <TableHead className="text-right">Amount due</TableHead>
          <TableHead className="text-right">Paid</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invoices.map((inv) => (
          <TableRow key={inv.id}>
            <TableCell>
              {inv.hostedInvoiceUrl ? (
                <a
                  href={inv.hostedInvoiceUrl}
                  target="_blank"
                  rel="noreferrer"
                  className="inline-flex items-center gap-1 font-mono text-xs text-primary hover:underline"
                >
                  {inv.number ?? inv.id}
                  <ExternalLink className="size-3" aria-hidden="true" />
                </a>
              ) : (
                <span className="font-mono text-xs">{inv.number ?? inv.id}</span>
              )}
            </TableCell>
            <TableCell>
              <Badge tone={INVOICE_TONE[inv.status ?? ""] ?? "neutral"}>{inv.status ?? "unknown"}</Badge>
            </TableCell>
            <TableCell>
              <RelativeTime value={inv.created} />
            </TableCell>
            <TableCell className="text-right tabular">{formatMoney(inv.amountDue, inv.currency)}</TableCell>
            <TableCell className="text-right tabular">{formatMoney(inv.amountPaid, inv.currency)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
