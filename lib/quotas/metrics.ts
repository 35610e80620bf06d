// The usage metrics the data plane knows, how each is measured over a period, and which quota (if
// any) limits it. Counters add up over the month; gauges report a current level (the latest value
// reported in the month is the level).
import type { QuotaKey } from "./effective";

export const METRICS = [
  "api_requests",
  "storage_bytes",
  "file_storage_bytes",
  "egress_bytes",
  "realtime_connections",
  "read_ops",
  "write_ops",
] as const;
export type Metric = (typeof METRICS)[number];

export type MetricKind = "counter" | "gauge";

export const METRIC_KIND: Record<Metric, MetricKind> = {
  api_requests: "counter",
  storage_bytes: "gauge",
  file_storage_bytes: "gauge",
  egress_bytes: "counter",
  realtime_connections: "gauge",
  read_ops: "counter",
  write_ops: "counter",
};

/** The quota that limits a metric; metrics without one are metered but never refused. */
export const METRIC_QUOTA: Record<Metric, QuotaKey | null> = {
  api_requests: "api_requests_per_month",
  storage_bytes: "storage_bytes",
  file_storage_bytes: "file_storage_bytes",
  egress_bytes: null,
  realtime_connections: "realtime_connections",
  read_ops: null,
  write_ops: null,
};

const KNOWN = new Set<string>(METRICS);
export function isMetric(s: unknown): s is Metric {
  return typeof s === "string" && KNOWN.has(s);
}

export const GAUGES: Metric[] = METRICS.filter((m) => METRIC_KIND[m] === "gauge");
