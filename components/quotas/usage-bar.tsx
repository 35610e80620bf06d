import { cn } from "@/components/ui/cn";
import { formatPercent } from "@/components/format";
import { formatQuota } from "@/components/quotas";

/** Usage against a limit: a small bar (amber from 80 %, red at the limit) and the figures. */
export function UsageBar({ quota, used, limit, className }: { quota: string; used: number; limit: number | null; className?: string }) {
  const ratio = limit === null ? null : limit === 0 ? (used > 0 ? 1 : 0) : used / limit;
  const pct = ratio === null ? 0 : Math.min(100, ratio * 100);
  return (
    <div className={cn("grid min-w-32 gap-1", className)}>
      <div className="flex justify-between gap-2 text-xs">
        <span className="tabular">{formatQuota(quota, used)}</span>
        <span className="text-muted-foreground tabular">{ratio === null ? "no limit" : formatPercent(ratio)}</span>
      </div>
      <div
        className="h-1.5 overflow-hidden rounded-full bg-muted"
        role="meter"
        aria-label={`Used of ${quota}`}
        aria-valuemin={0}
        aria-valuemax={limit ?? undefined}
        aria-valuenow={used}
        aria-valuetext={limit === null ? `${formatQuota(quota, used)} used, no limit` : `${formatQuota(quota, used)} of ${formatQuota(quota, limit)}`}
      >
        <div
          className={cn("h-full rounded-full", ratio !== null && ratio >= 1 ? "bg-red-500" : ratio !== null && ratio >= 0.8 ? "bg-amber-500" : "bg-primary")}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
