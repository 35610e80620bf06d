// The meter sync's retry policy as a function: which failures are retried, for how long, and when it stops.
import { describe, expect, it } from "vitest";
import { MAX_TRIES, MAX_WAIT_MS, retryAfterMs, retryDelay } from "@/lib/billing/meter-sync-retry";

const err = (statusCode: number | undefined, headers: Record<string, string> = {}, type = "StripeAPIError") => ({ statusCode, headers, type });
const mid = () => 0.5;

describe("meter-sync retry policy", () => {
  it("retries 429, 409, 5xx and connection errors; not 400, 401 or 404", () => {
    for (const s of [429, 409, 500, 502, 503]) expect(retryDelay(err(s), 0, 0, mid)).not.toBeNull();
    expect(retryDelay(err(undefined, {}, "StripeConnectionError"), 0, 0, mid)).not.toBeNull();
    for (const s of [400, 401, 402, 404]) expect(retryDelay(err(s), 0, 0, mid)).toBeNull();
    expect(retryDelay(new Error("a bug"), 0, 0, mid)).toBeNull();
  });

  it("backs off exponentially from 250 ms, capped at 2 s, jittered between half and full", () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => retryDelay(err(500), a, 0, () => 1))).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    expect(retryDelay(err(500), 2, 0, () => 0)).toBe(500);
  });

  it("stops after MAX_TRIES tries in all", () => {
    expect(retryDelay(err(500), MAX_TRIES - 2, 0, mid)).not.toBeNull();
    expect(retryDelay(err(500), MAX_TRIES - 1, 0, mid)).toBeNull();
    expect(retryDelay(err(429, { "retry-after": "1" }), MAX_TRIES - 1, 0, mid)).toBeNull();
  });

  it("Stripe-Should-Retry decides whether, Retry-After how long", () => {
    expect(retryDelay(err(500, { "stripe-should-retry": "false" }), 0, 0, mid)).toBeNull();
    expect(retryDelay(err(400, { "stripe-should-retry": "true" }), 0, 0, () => 1)).toBe(250);
    expect(retryDelay(err(429, { "retry-after": "3" }), 0, 0, mid)).toBe(3000);
    expect(retryDelay(err(429, { "retry-after": "600" }), 0, 0, mid)).toBeNull(); // not waited out inside a pass
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryDelay(err(503, { "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), 0, 0, mid, now)).toBe(5000);
  });

  it("stops once the event's waiting in this pass would pass MAX_WAIT_MS", () => {
    expect(retryDelay(err(429, { "retry-after": "20" }), 1, MAX_WAIT_MS - 20_000, mid)).toBe(20_000);
    expect(retryDelay(err(429, { "retry-after": "20" }), 1, MAX_WAIT_MS - 19_999, mid)).toBeNull();
    expect(retryDelay(err(500), 1, MAX_WAIT_MS, mid)).toBeNull();
  });

  it("reads Retry-After as seconds or an HTTP date; garbage is ignored", () => {
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs("")).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs("0")).toBe(0);
    expect(retryAfterMs("1.5")).toBe(1500);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:00 GMT", Date.parse("2026-01-01T00:00:10Z"))).toBe(0);
  });
});
