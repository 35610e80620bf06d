// Quota periods: calendar months in UTC.

export interface Period {
  /** ms since the epoch, inclusive */
  start: number;
  /** ms since the epoch, exclusive */
  end: number;
}

let cached: Period = { start: 0, end: 0 };

/** The month containing `now`; cached, since the hot path asks on every request. */
export function periodOf(now = Date.now()): Period {
  if (now >= cached.start && now < cached.end) return cached;
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const p = { start, end };
  // Only the current month is worth keeping; a question about another month leaves the cache alone.
  if (Math.abs(now - Date.now()) < 60_000) cached = p;
  return p;
}

/** Whole seconds until the period ends (at least 1), for Retry-After. */
export function secondsUntil(end: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((end - now) / 1000));
}
