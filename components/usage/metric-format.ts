// How each metric reads for people: its name, its unit (bytes in KB/MB/GB, counts compact), and times
// in UTC (the buckets are UTC hours and days, and the screens say so).
import { formatBytes, formatCompact, formatNumber } from "@/components/format";

export const METRIC_LABELS: Record<string, string> = {
  api_requests: "API requests",
  storage_bytes: "Database storage",
  file_storage_bytes: "File storage",
  egress_bytes: "Egress",
  realtime_connections: "Realtime connections",
  read_ops: "Read operations",
  write_ops: "Write operations",
};

/** The one label source for metrics (usage screens and billing); a registered metric reads as its name. */
export const metricLabel = (m: string) => METRIC_LABELS[m] ?? m;
/** A registered metric says its unit; a built-in one's name says it (`…_bytes`). */
const isBytes = (m: string, unit?: "count" | "bytes") => (unit ? unit === "bytes" : m.endsWith("_bytes"));

/** Axis ticks and headline figures: 1.2M, 3.4 GB. */
export function formatMetric(metric: string, v: number, unit?: "count" | "bytes"): string {
  return isBytes(metric, unit) ? formatBytes(v) : formatCompact(v);
}

/** Tooltips and hover text: the exact figure. */
export function formatMetricExact(metric: string, v: number, unit?: "count" | "bytes"): string {
  return isBytes(metric, unit) ? `${formatBytes(v)} (${formatNumber(v)} bytes)` : formatNumber(Math.round(v * 1000) / 1000);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Nov 23" */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "14:00" */
export function formatHour(iso: string): string {
  return `${pad(new Date(iso).getUTCHours())}:00`;
}

/** Axis tick: the hour for hourly charts (with the day at midnight), the day for daily ones. */
export function formatTick(iso: string, granularity: "hour" | "day"): string {
  if (granularity === "day") return formatDay(iso);
  const h = new Date(iso).getUTCHours();
  return h === 0 ? formatDay(iso) : formatHour(iso);
}

/** Tooltip heading: "Nov 23, 2026 14:00–15:00 UTC" or "Nov 23, 2026 (UTC day)". */
export function formatBucket(iso: string, granularity: "hour" | "day"): string {
  const d = new Date(iso);
  const day = `${formatDay(iso)}, ${d.getUTCFullYear()}`;
  if (granularity === "day") return `${day} (UTC day)`;
  return `${day} ${formatHour(iso)}–${pad((d.getUTCHours() + 1) % 24)}:00 UTC`;
}

/** "Nov 16 – Nov 23, 2026" for [from, to), to exclusive. */
export function formatSpan(fromIso: string, toIso: string): string {
  const last = new Date(Date.parse(toIso) - 1).toISOString();
  const y1 = new Date(fromIso).getUTCFullYear();
  const y2 = new Date(last).getUTCFullYear();
  const a = formatDay(fromIso) + (y1 !== y2 ? `, ${y1}` : "");
  const b = `${formatDay(last)}, ${y2}`;
  return a === formatDay(last) ? b : `${a} – ${b}`;
}

/**
 * Y-axis ticks in round steps: binary units for bytes (0, 256 MB, 512 MB, …; decimal steps would read
 * 27.9 GB), 1/2/2.5/5 × 10ⁿ for counts (recharts' own picks 350, 700, 1,050 → "1.1K"). `max` includes
 * the quota when one is drawn on the axis. Undefined: nothing to scale, let the chart decide.
 */
export function niceTicks(metric: string, max: number, unit?: "count" | "bytes", count = 4): number[] | undefined {
  if (!(max > 0) || !Number.isFinite(max)) return undefined;
  const bytes = isBytes(metric, unit);
  const scale = bytes ? 1024 ** Math.max(0, Math.floor(Math.log(max) / Math.log(1024))) : 1;
  const raw = max / scale / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 2.5, 5, 10].find((f) => f * pow >= raw) ?? 10) * pow;
  if (!bytes || scale === 1) step = Math.max(1, step); // whole counts and bytes
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks[ticks.length - 1] < max; i++) ticks.push(Math.round(i * step * scale));
  return ticks;
}

/** Hourly charts over several days: one tick per UTC midnight (labelled with the day). */
export function midnightTicks(points: readonly { t: string }[]): string[] | undefined {
  if (points.length <= 48) return undefined;
  return points.filter((p) => p.t.slice(11, 13) === "00").map((p) => p.t);
}
