import type { CatalogueRow } from "@/lib/billing/types";
import { Badge } from "../ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import { RelativeTime } from "../relative-time";
import { formatMoney, formatUnitPrice } from "./money";
import { metricLabel } from "@/components/usage/metric-format";

function StripeId({ id, href }: { id: string | null; href?: string }) {
  if (!id) return <span className="text-muted-foreground">not created</span>;
  return href ? (
    <a href={href} target="_blank" rel="noreferrer" className="font-mono text-xs text-primary hover:underline">
      {id}
    </a>
  ) : (
    <span className="font-mono text-xs">{id}</span>
  );
}

/** Plans → Stripe product, base price, and one meter + metered price per billed metric. */
export function CatalogueTable({ rows, dashboardUrl }: { rows: CatalogueRow[]; dashboardUrl: string | null }) {
  const link = (kind: "products" | "prices" | "meters", id: string | null) => (id && dashboardUrl ? `${dashboardUrl}/${kind}/${id}` : undefined);
  return (
    <Table aria-label="Catalogue">
      <TableHeader>
        <TableRow>
          <TableHead>Plan</TableHead>
          <TableHead>Prices in Tenantry</TableHead>
          <TableHead>In Stripe</TableHead>
          <TableHead>State</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.planId} aria-label={`Catalogue ${r.planName}`} className="align-top">
            <TableCell className="align-top">
              <span className="font-medium">{r.planName}</span>
              <span className="block font-mono text-xs text-muted-foreground">{r.planId}</span>
            </TableCell>
            <TableCell className="align-top">
              <div className="grid gap-0.5 text-xs">
                <span className="text-sm">{formatMoney(r.baseAmount, r.currency)} / month</span>
                {r.metered.map((m) => (
                  <span key={m.metric} className="text-muted-foreground">
                    {metricLabel(m.metric)}: {formatUnitPrice(m.metric, m.unitAmount, m.perUnits, r.currency)}
                  </span>
                ))}
              </div>
            </TableCell>
            <TableCell className="align-top">
              <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
                <dt className="text-muted-foreground">Product</dt>
                <dd>
                  <StripeId id={r.productId} href={link("products", r.productId)} />
                </dd>
                <dt className="text-muted-foreground">Base price</dt>
                <dd>
                  <StripeId id={r.basePriceId} href={link("prices", r.basePriceId)} />
                </dd>
                {r.metered.map((m) => (
                  <div key={m.metric} className="contents">
                    <dt className="text-muted-foreground">{metricLabel(m.metric)}</dt>
                    <dd className="flex flex-wrap gap-x-2">
                      <StripeId id={m.meterId} href={link("meters", m.meterId)} />
                      <StripeId id={m.priceId} href={link("prices", m.priceId)} />
                    </dd>
                  </div>
                ))}
              </dl>
            </TableCell>
            <TableCell className="align-top">
              <div className="grid justify-items-start gap-1">
                {r.synced ? <Badge tone="green">Synced</Badge> : <Badge tone="amber">Not synced</Badge>}
                {r.lastSyncedAt ? (
                  <span className="text-xs text-muted-foreground">
                    <RelativeTime value={r.lastSyncedAt} />
                  </span>
                ) : null}
                {r.drift.map((d) => (
                  <span key={d} className="text-xs text-amber-700 dark:text-amber-300">
                    {d}
                  </span>
                ))}
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
