import type { Metadata } from "next";
import { Database, Info } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { tenantDataSummary, type DataSummary } from "@/lib/isolation/summary";
import { Card, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/empty-state";
import { formatBytes, formatNumber } from "@/components/format";
import { loadTenant } from "../load";

export const metadata: Metadata = { title: "Data" };

// The router refuses tenants that are not active; say why in words instead of showing its error.
const UNAVAILABLE: Record<string, string> = {
  provisioning: "This tenant is still being provisioned. Its tables appear here once it is active.",
  suspended: "This tenant is suspended, so its data is not readable. Resume it to see its tables.",
  deleted: "This tenant is deleted. Its data is kept for the grace period, then purged; it is not readable here.",
};

export default async function TenantDataPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireConsolePage("platform:read", `/tenants/${id}/data`);
  const t = await loadTenant(id);

  let summary: DataSummary | null = null;
  let unavailable = UNAVAILABLE[t.status] ?? null;
  if (!unavailable) {
    try {
      summary = await tenantDataSummary(t.id);
    } catch (e) {
      // The status may have changed since the page began (another admin, another process).
      if (!isDomainError(e)) throw e;
      unavailable = e.message;
    }
  }

  if (!summary) {
    return (
      <Card>
        <EmptyState icon={<Info />} title="Data is not available" description={unavailable} />
      </Card>
    );
  }
  return (
    <div className="grid gap-5">
      <div className="grid gap-3 sm:grid-cols-3">
        <Fact label="Location" value={<span className="font-mono text-sm">{summary.location}</span>} />
        <Fact
          label="Size on disk"
          value={summary.sizeBytes === null ? <span className="text-sm text-muted-foreground">shared tables</span> : formatBytes(summary.sizeBytes)}
          title={summary.sizeBytes === null ? "Shared-tier tenants share tables with other tenants; their size is not measured per tenant." : `${formatNumber(summary.sizeBytes)} bytes`}
        />
        <Fact label="Rows" value={formatNumber(summary.tables.reduce((n, tb) => n + tb.rows, 0))} />
      </div>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Tables</CardTitle>
            <CardDescription>The tenant template&apos;s tables, counted through the tenant&apos;s own connection.</CardDescription>
          </div>
        </CardHeader>
        {summary.tables.length === 0 ? (
          <EmptyState icon={<Database />} title="No tables" description="The tenant template defines no tables yet." />
        ) : (
          <Table aria-label="Tables">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Table</TableHead>
                <TableHead className="text-right">Rows</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {summary.tables.map((tb) => (
                <TableRow key={tb.model}>
                  <TableCell className="font-mono">{tb.model}</TableCell>
                  <TableCell className="tabular text-right">{formatNumber(tb.rows)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </div>
  );
}

function Fact({ label, value, title }: { label: string; value: React.ReactNode; title?: string }) {
  return (
    <div className="rounded-lg border border-border bg-card px-4 py-3 shadow-xs" title={title}>
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="tabular mt-1 text-lg font-semibold">{value}</div>
    </div>
  );
}
