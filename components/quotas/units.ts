// Quota values as people type them: byte quotas as an amount and a unit (binary multiples, labelled
// so "GB" is never in doubt), the others as plain counts; "Unlimited" is null. Pure: used by the
// forms (client) and by the server actions that read them.

export const BYTE_UNITS = [
  { id: "B", label: "bytes", factor: 1 },
  { id: "KB", label: "KB (1,024 bytes)", factor: 1024 },
  { id: "MB", label: "MB (1,024² bytes)", factor: 1024 ** 2 },
  { id: "GB", label: "GB (1,024³ bytes)", factor: 1024 ** 3 },
  { id: "TB", label: "TB (1,024⁴ bytes)", factor: 1024 ** 4 },
] as const;
export type ByteUnit = (typeof BYTE_UNITS)[number]["id"];

export const isByteQuota = (key: string) => key.endsWith("_bytes");

/** The largest unit that shows a byte count exactly (107374182400 → 100 GB), so no value is rounded. */
export function splitBytes(bytes: number): { amount: number; unit: ByteUnit } {
  for (let i = BYTE_UNITS.length - 1; i > 0; i--) {
    const u = BYTE_UNITS[i];
    if (bytes !== 0 && bytes % u.factor === 0) return { amount: bytes / u.factor, unit: u.id };
  }
  return { amount: bytes, unit: "B" };
}

/**
 * One quota from a form: `<key>` the amount, `<key>__unit` the byte unit, `<key>__unlimited` checked
 * for no limit. Returns null for unlimited, a number, or what was typed when it is not a number so the
 * schema reports it (the forms show the schema's message, the same one the API gives).
 */
export function quotaFromForm(fd: FormData, key: string, quota: string = key): number | null | string | undefined {
  if (fd.get(`${key}__unlimited`) === "on") return null;
  const raw = String(fd.get(key) ?? "").trim().replaceAll(",", "").replaceAll("_", "");
  if (raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) return raw;
  if (!isByteQuota(quota)) return n;
  const unit = BYTE_UNITS.find((u) => u.id === fd.get(`${key}__unit`)) ?? BYTE_UNITS[0];
  // 1.5 GB is fine; a fraction of a byte is rounded away.
  return unit.factor === 1 ? n : Math.round(n * unit.factor);
}
