// The one retry policy for meter events. The Stripe SDK's own retries are off for these calls
// (maxNetworkRetries: 0 per request) so that this loop alone decides: stacked, the SDK's 3 retries
// times the loop's tries made ~20 attempts per event with two independent backoffs.

/** Tries per event in one pass (the first included); what still fails stays pending for the next pass. */
export const MAX_TRIES = 8;
const BASE_MS = 250;
const CAP_MS = 2_000;
/** A Retry-After longer than this is not waited out inside a pass: the row stays pending instead. */
const MAX_RETRY_AFTER_MS = 30_000;
/**
 * All the waiting one event may do in a pass. Its batch's transaction (and row locks) stay open while
 * it waits, so a run of long Retry-Afters ends the tries early instead of holding them for minutes.
 */
export const MAX_WAIT_MS = 60_000;

type StripeLikeError = { type?: string; statusCode?: number; headers?: Record<string, string | undefined> } | null;

function header(e: StripeLikeError, name: string): string | undefined {
  return e?.headers?.[name] ?? undefined;
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value.trim() === "") return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * How long to wait before try `attempt + 1` after try `attempt` (0-based) failed with `e`, or null to
 * stop. Stripe-Should-Retry, when present, decides whether; Retry-After, when present, how long;
 * otherwise connection errors, 409, 429 and 5xx are retried after 250 ms × 2ⁿ capped at 2 s, with
 * jitter (half to full) so workers that were refused together do not come back together. `waitedMs`
 * is what this event has waited already in this pass (see MAX_WAIT_MS).
 */
export function retryDelay(error: unknown, attempt: number, waitedMs = 0, random: () => number = Math.random, now = Date.now()): number | null {
  if (attempt + 1 >= MAX_TRIES) return null;
  const e = error as StripeLikeError;
  const should = header(e, "stripe-should-retry");
  if (should === "false") return null;
  const status = e?.statusCode;
  const retryable = should === "true" || e?.type === "StripeConnectionError" || (typeof status === "number" && (status === 429 || status === 409 || status >= 500));
  if (!retryable) return null;
  const after = retryAfterMs(header(e, "retry-after"), now);
  const wait = after !== null ? (after > MAX_RETRY_AFTER_MS ? null : after) : Math.min(BASE_MS * 2 ** attempt, CAP_MS) * (0.5 + random() / 2);
  return wait === null || waitedMs + wait > MAX_WAIT_MS ? null : wait;
}
