import Link from "next/link";
import type { TenantView } from "@/lib/tenants/model";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusBadge } from "@/components/status-badge";
import { PlanBadge } from "@/components/plan-badge";
import { RelativeTime } from "@/components/relative-time";

const ISOLATION_LABEL: Record<string, string> = { shared: "Shared", schema: "Schema", database: "Database" };

export function TenantTable({ tenants }: { tenants: TenantView[] }) {
  return (
    <Table aria-label="Tenants">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Tenant</TableHead>
          <TableHead>Plan</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="max-sm:hidden">Isolation</TableHead>
          <TableHead className="text-right max-sm:hidden">Created</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tenants.map((t) => (
          // The name is a real link stretched over the row: click anywhere, middle-click for a new tab.
          <TableRow key={t.id} className="relative">
            <TableCell className="max-w-72">
              <Link href={`/tenants/${t.id}`} className="block truncate font-medium after:absolute after:inset-0">
                {t.name}
              </Link>
              <div className="truncate font-mono text-xs text-muted-foreground">{t.slug}</div>
            </TableCell>
            <TableCell>
              <PlanBadge plan={t.plan} />
            </TableCell>
            <TableCell>
              <StatusBadge status={t.status} />
            </TableCell>
            <TableCell className="text-muted-foreground max-sm:hidden">{ISOLATION_LABEL[t.isolation] ?? t.isolation}</TableCell>
            <TableCell className="text-right whitespace-nowrap text-muted-foreground max-sm:hidden">
              <RelativeTime value={t.created_at} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
