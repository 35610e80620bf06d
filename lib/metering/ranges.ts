// The ranges and granularities the usage screens offer. Pure (no database): the pickers in the browser
// and the endpoints that resolve a range share these rules.

export const RANGES = ["24h", "7d", "30d", "90d", "custom"] as const;
export type RangeId = (typeof RANGES)[number];
export const GRANULARITIES = ["hour", "day"] as const;
export type ChartGranularity = (typeof GRANULARITIES)[number];

export const RANGE_LABELS: Record<RangeId, string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days", "90d": "90 days", custom: "Custom" };

/** Days covered by each preset. */
export const RANGE_DAYS: Record<Exclude<RangeId, "custom">, number> = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 };

/** Hourly charts stop at a week (168 points); beyond that a day per point reads better and stays fast. */
export const MAX_HOURLY_DAYS = 7;
/** A custom range covers at most this many days. */
export const MAX_CUSTOM_DAYS = 400;

/** The default granularity of a range: hours for a day, days for the rest. */
export function defaultGranularity(range: RangeId): ChartGranularity {
  return range === "24h" ? "hour" : "day";
}
