// Money and metered prices for people. Amounts arrive in the currency's minor units (cents), as
// lib/billing hands them out; metered unit prices can be fractions of a cent.
import { formatNumber } from "../format";

const formatters = new Map<string, Intl.NumberFormat>();

export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 2900, "usd" → "$29.00"; an unknown currency code falls back to "29.00 XYZ". */
export function formatMoney(minor: number, currency: string, opts: { precise?: boolean } = {}): string {
  const code = currency.toUpperCase();
  const digits = minorDigits(code);
  const key = `${code}:${opts.precise ? 1 : 0}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      // Precise: a unit price of 0.05 ¢ must not print as $0.00.
      f = new Intl.NumberFormat("en", {
        style: "currency",
        currency: code,
        minimumFractionDigits: digits,
        maximumFractionDigits: opts.precise ? digits + 4 : digits,
      });
    } catch {
      return `${(minor / 10 ** 2).toFixed(2)} ${code}`;
    }
    formatters.set(key, f);
  }
  return f.format(minor / 10 ** digits);
}

const BYTE_METRICS = new Set(["egress_bytes", "storage_bytes"]);

// Billing counts bytes in decimal units, as Stripe and cloud price lists do (a GB is 10^9 bytes).
const DECIMAL_BYTES: [number, string][] = [
  [1e12, "TB"],
  [1e9, "GB"],
  [1e6, "MB"],
  [1e3, "KB"],
];

/** 1_500_000_000 → "1.5 GB" (decimal units). */
export function formatBillingBytes(n: number): string {
  for (const [size, unit] of DECIMAL_BYTES) {
    if (Math.abs(n) >= size) return `${new Intl.NumberFormat("en", { maximumFractionDigits: 2 }).format(n / size)} ${unit}`;
  }
  return `${formatNumber(n)} B`;
}

/** A quantity of a billed metric: "1,234,567" requests or "1.5 GB". */
export function formatQuantity(metric: string, n: number): string {
  return BYTE_METRICS.has(metric) ? formatBillingBytes(n) : formatNumber(n);
}

/** What a price is "per": "1,000", "GB", "2 GB". */
export function formatPerUnits(metric: string, perUnits: number): string {
  if (BYTE_METRICS.has(metric)) return formatBillingBytes(perUnits).replace(/^1 /, "");
  return perUnits === 1 ? "unit" : formatNumber(perUnits);
}

/** "$0.01 per 1,000" / "$0.09 per GB": the price of `perUnits` units of a metric. */
export function formatUnitPrice(metric: string, unitAmount: number, perUnits: number, currency: string): string {
  return `${formatMoney(unitAmount, currency, { precise: true })} per ${formatPerUnits(metric, perUnits)}`;
}

/** "Nov 1 – Dec 1, 2026" (UTC), the way Stripe prints a billing period. */
export function formatPeriod(start: Date | string | null, end: Date | string | null): string {
  if (!start || !end) return "—";
  const s = new Date(start);
  const e = new Date(end);
  const sameYear = s.getUTCFullYear() === e.getUTCFullYear();
  const d = (x: Date, year: boolean) =>
    x.toLocaleDateString("en", { month: "short", day: "numeric", ...(year ? { year: "numeric" } : {}), timeZone: "UTC" });
  return `${d(s, !sameYear)} – ${d(e, true)}`;
}

/**
 * A form's "29.00" → 2900 minor units, or the message to show under the field. Stripe prices are whole
 * minor units, so a fraction of a cent is refused (the form offers a larger "per" instead).
 */
export function parseMajorAmount(raw: string, currency: string): { ok: true; minor: number } | { ok: false; message: string } {
  const digits = minorDigits(currency.toUpperCase());
  const m = /^(\d{1,9})(?:\.(\d+))?$/.exec(raw.trim().replace(/,/g, ""));
  if (!m) return { ok: false, message: "Enter an amount such as 29.00." };
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > digits) {
    return { ok: false, message: digits ? `At most ${digits} decimals; for a smaller price choose a larger "Per".` : "Whole amounts only." };
  }
  return { ok: true, minor: Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, "0") || 0) };
}
