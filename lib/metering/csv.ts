// Usage as CSV (RFC 4180): CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF,
// quotes inside doubled. One row per metric and bucket with data — the same buckets the API returns.
import type { UsageView } from "./usage-view";

export const USAGE_CSV_HEADER = ["metric", "bucket_start", "value"] as const;

export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : typeof v === "number" ? numberText(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Plain decimal, never exponent notation (1e21 would not re-import as a number in every tool). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (Number.isInteger(n)) return BigInt(n).toString();
  const s = n.toString();
  return s.includes("e") ? n.toFixed(20).replace(/0+$/, "").replace(/\.$/, "") : s;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

/**
 * The view's points as rows. Counter buckets without events (zeros the screen fills in) and gauge
 * buckets without a report are left out, so the file holds what was measured.
 */
export function usageCsv(view: UsageView): string {
  const rows: (string | number)[][] = [[...USAGE_CSV_HEADER]];
  for (const m of view.metrics) {
    for (const p of m.points) {
      if (p.value === null || (m.kind === "counter" && p.value === 0)) continue;
      rows.push([m.metric, p.t, p.value]);
    }
  }
  return toCsv(rows);
}

/** `usage-acme-corp-2026-11-01-2026-11-30-day.csv`: who, which UTC days (inclusive), which buckets. */
export function usageCsvFilename(who: string, view: Pick<UsageView, "from" | "to" | "granularity">): string {
  const safe = who.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "usage";
  const first = view.from.slice(0, 10);
  const last = new Date(Date.parse(view.to) - 1).toISOString().slice(0, 10);
  return `usage-${safe}-${first}-${last}-${view.granularity}.csv`;
}
