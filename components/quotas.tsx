import { formatBytes, formatCompact, formatNumber } from "./format";

// How each quota reads for people. null means no limit.
export const QUOTA_LABELS: Record<string, string> = {
  api_requests_per_month: "API requests / month",
  storage_bytes: "Database storage",
  file_storage_bytes: "File storage",
  realtime_connections: "Realtime connections",
  requests_per_second: "Requests / second",
};

export function formatQuota(key: string, value: number | null): string {
  if (value === null) return "Unlimited";
  if (key.endsWith("_bytes")) return formatBytes(value);
  if (key === "api_requests_per_month") return formatCompact(value);
  return formatNumber(value);
}

/** The value, with the exact figure on hover where the display rounds it. */
export function QuotaValue({ name, value }: { name: string; value: number | null }) {
  const text = formatQuota(name, value);
  if (value === null) return <span className="text-muted-foreground">Unlimited</span>;
  return (
    <span className="tabular" title={formatNumber(value)}>
      {text}
    </span>
  );
}
