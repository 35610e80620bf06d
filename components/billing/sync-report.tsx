import type { SyncReport } from "@/lib/billing/types";

/** What a catalogue sync did, shown under its button: each Stripe object on its own line. */
export function SyncReportView({ report }: { report: SyncReport }) {
  const groups: [string, string[]][] = [
    ["Created", report.created],
    ["Updated", report.updated],
    ["Archived", report.archived],
  ];
  return (
    <div className="grid max-h-64 w-full gap-2 overflow-y-auto rounded-md border border-border bg-muted/40 px-3 py-2 text-xs">
      {groups.map(([label, items]) =>
        items.length ? (
          <div key={label}>
            <p className="font-medium">
              {label} ({items.length})
            </p>
            <ul className="mt-0.5 grid gap-0.5 font-mono text-muted-foreground">
              {items.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
      <p className="text-muted-foreground">
        {report.unchanged.length} unchanged · {report.customersCreated} customer{report.customersCreated === 1 ? "" : "s"} and{" "}
        {report.subscriptionsCreated} subscription{report.subscriptionsCreated === 1 ? "" : "s"} created for tenants without one
      </p>
    </div>
  );
}
