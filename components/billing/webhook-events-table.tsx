import { Webhook } from "lucide-react";
import type { WebhookEventRow } from "@/lib/billing/types";
import { Badge, type BadgeTone } from "../ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import { EmptyState } from "../empty-state";
import { RelativeTime } from "../relative-time";

const OUTCOME_TONE: Record<string, BadgeTone> = { applied: "green", ignored: "gray", duplicate: "blue", failed: "red" };

export function WebhookEventsTable({ events }: { events: WebhookEventRow[] }) {
  if (events.length === 0) {
    return (
      <EmptyState
        icon={<Webhook />}
        title="No events received yet"
        description="Point a Stripe webhook endpoint at /api/webhooks/stripe with the signing secret in STRIPE_WEBHOOK_SECRET."
      />
    );
  }
  return (
    <Table aria-label="Webhook events">
      <TableHeader>
        <TableRow>
          <TableHead>Event</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead>Tenant</TableHead>
          <TableHead className="text-right">Deliveries</TableHead>
          <TableHead>Received</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((e) => (
          <TableRow key={e.id} className="align-top">
            <TableCell>
              <span className="font-medium">{e.type}</span>
              <span className="block font-mono text-xs text-muted-foreground">{e.id}</span>
              {e.error ? (
                // lib/billing also notes why an applied event changed nothing ("no change: already active").
                <span className={`mt-0.5 block max-w-xl font-mono text-xs break-all ${e.outcome === "failed" ? "text-destructive" : "text-muted-foreground"}`}>{e.error}</span>
              ) : null}
            </TableCell>
            <TableCell>
              <Badge tone={OUTCOME_TONE[e.outcome] ?? "neutral"}>{e.outcome}</Badge>
            </TableCell>
            <TableCell>
              {e.tenantId ? (
                <a href={`/tenants/${e.tenantId}/billing`} className="font-mono text-xs text-primary hover:underline">
                  {e.tenantId}
                </a>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="text-right tabular">{e.deliveries}</TableCell>
            <TableCell className="whitespace-nowrap">
              <RelativeTime value={e.receivedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
