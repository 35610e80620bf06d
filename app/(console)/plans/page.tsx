import type { Metadata } from "next";
import Link from "next/link";
import { requireConsolePage } from "@/lib/auth/session";
import { listPlans } from "@/lib/quotas/plans";
import { QUOTA_KEYS } from "@/lib/quotas/effective";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PlanBadge } from "@/components/plan-badge";
import { QUOTA_LABELS, QuotaValue } from "@/components/quotas";
import { formatNumber } from "@/components/format";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  await requireConsolePage("platform:read", "/plans");
  const plans = await listPlans();
  return (
    <>
      <PageHeader
        title="Plans"
        description="The plans tenants subscribe to and the quotas each one includes. A tenant's own overrides show on its page."
      />
      <Card>
        <Table aria-label="Plans">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Plan</TableHead>
              {QUOTA_KEYS.map((k) => (
                <TableHead key={k} className="text-right">
                  {QUOTA_LABELS[k] ?? k}
                </TableHead>
              ))}
              <TableHead className="text-right">Tenants</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plans.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <PlanBadge plan={p.id} />
                  <div className="mt-0.5 font-mono text-xs text-muted-foreground">{p.id}</div>
                </TableCell>
                {QUOTA_KEYS.map((k) => (
                  <TableCell key={k} className="text-right whitespace-nowrap">
                    <QuotaValue name={k} value={p.quotas[k]} />
                  </TableCell>
                ))}
                <TableCell className="text-right">
                  <Link href={`/tenants?plan=${p.id}`} className="tabular text-primary hover:underline" aria-label={`${p.tenantCount} tenants on ${p.name}`}>
                    {formatNumber(p.tenantCount)}
                  </Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <p className="mt-3 text-xs text-muted-foreground">Plans are read-only for now; editing plans and their prices arrives with a later release.</p>
    </>
  );
}
