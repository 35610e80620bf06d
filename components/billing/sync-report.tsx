import type { SyncReport } from "@/lib/billing/types";

/** What a catalogue sync did, shown under its button. */
export function SyncReportView({ report }: { report: SyncReport }) {
  const groups: [string, string[]][] = [
    ["Created", report.created],
    ["Updated", report.updated],
    ["Archived", report.archived],
  ];
  return (
    <div className="grid gap-1.5 rounded-md border border-border bg-muted/40 px-3 py-2 text-xs">
      {groups.map(([label, items]) =>
        items.length ? (
          <p key={label}>
            <span className="font-medium">{label}:</span> <span className="font-mono">{items.join(", ")}</span>
          </p>
        ) : null,
      )}
      <p className="text-muted-foreground">
        {report.unchanged.length} unchanged · {report.customersCreated} customer{report.customersCreated === 1 ? "" : "s"} and{" "}
        {report.subscriptionsCreated} subscription{report.subscriptionsCreated === 1 ? "" : "s"} created for tenants without one
      </p>
      {report.errors.map((e) => (
        <p key={e} className="text-destructive">
          {e}
        </p>
      ))}
    </div>
  );
}
