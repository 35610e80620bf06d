import type { Metadata } from "next";
import Link from "next/link";
import { ScrollText } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { listAudit } from "@/lib/audit/log";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/empty-state";
import { RelativeTime } from "@/components/relative-time";
import { AuditSummary } from "@/components/console/audit-summary";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const sp = await searchParams;
  const rawBefore = Array.isArray(sp.before) ? sp.before[0] : sp.before;
  // Entry ids are integers; anything else is a mangled link and means "from the newest".
  const before = rawBefore && /^\d{1,19}$/.test(rawBefore) ? rawBefore : undefined;
  await requireConsolePage("platform:read", before ? `/audit?before=${before}` : "/audit");
  const entries = await listAudit({ before, limit: PAGE_SIZE });
  const older = entries.length === PAGE_SIZE ? entries[entries.length - 1].id : null;

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, newest first. Every change through the console, the API and background jobs is recorded." />
      <Card>
        {entries.length === 0 ? (
          <EmptyState
            icon={<ScrollText />}
            title={before ? "No older entries" : "Nothing recorded yet"}
            description={before ? "You have reached the first entry." : "Changes to tenants appear here as they are made."}
            action={
              before ? (
                <Button asChild variant="outline">
                  <Link href="/audit">Newest entries</Link>
                </Button>
              ) : null
            }
          />
        ) : (
          <Table aria-label="Audit log">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Time</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Tenant</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((a) => (
                <TableRow key={a.id}>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <RelativeTime value={a.createdAt} />
                  </TableCell>
                  <TableCell className="max-w-56">
                    <div className="truncate">{a.actorLabel ?? a.actorType}</div>
                    <div className="text-xs text-muted-foreground">{ACTOR_TYPE[a.actorType] ?? a.actorType}</div>
                  </TableCell>
                  <TableCell>
                    <Badge className="font-mono">{a.action}</Badge>
                  </TableCell>
                  <TableCell>
                    {a.tenantId ? (
                      <Link href={`/tenants/${a.tenantId}`} className="font-mono text-xs text-primary hover:underline">
                        {a.tenantSlug ?? a.tenantId}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                  <TableCell className="max-w-96">
                    <AuditSummary data={a.data} className="block truncate text-xs text-muted-foreground" />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      {before || older ? (
        <nav aria-label="Pagination" className="mt-3 flex justify-end gap-2">
          {before ? (
            <Button asChild variant="outline" size="sm">
              <Link href="/audit">Newest</Link>
            </Button>
          ) : null}
          {older ? (
            <Button asChild variant="outline" size="sm">
              <Link href={`/audit?before=${older}`}>Older</Link>
            </Button>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

const ACTOR_TYPE: Record<string, string> = { user: "Console user", platform_key: "Platform key", system: "System" };
