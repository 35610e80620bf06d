import { cn } from "@/components/ui/cn";

/** An audit entry's data as one readable line: `plan: free → pro · slug: acme`. Full JSON on hover. */
export function summarizeAuditData(data: unknown): string {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data == null ? "" : JSON.stringify(data);
  return Object.entries(data as Record<string, unknown>)
    .map(([k, v]) => {
      if (v && typeof v === "object" && "from" in v && "to" in v) {
        const c = v as { from: unknown; to: unknown };
        return `${k}: ${String(c.from)} → ${String(c.to)}`;
      }
      return `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`;
    })
    .join(" · ");
}

export function AuditSummary({ data, className }: { data: unknown; className?: string }) {
  const text = summarizeAuditData(data);
  if (!text) return <span className={cn("text-muted-foreground", className)}>—</span>;
  return (
    <span className={className} title={JSON.stringify(data, null, 2)}>
      {text}
    </span>
  );
}
