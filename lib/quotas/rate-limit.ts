// Per-tenant request rate limits with rate-limiter-flexible: a window of one second holding the
// tenant's `requests_per_second` points (a bucket refilled in full at each window's start, the window
// starting at the tenant's first request). One limiter per distinct rate, so a changed rate takes
// effect on the next request with a fresh window.
//
// The store is chosen by TENANTRY_RATE_LIMIT_STORE: `memory` (default; exact for one app instance) or
// `postgres` (the `rate_limits` table, shared by every instance; an in-memory limiter insures it when
// the database is unreachable). Redis is not wired yet: asking for it fails at startup.
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { pool } from "../db/pool";

export type RateLimitStore = "memory" | "postgres";

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** ms until the window resets */
  resetMs: number;
}

type Globals = { __tenantryRateLimits?: { store: RateLimitStore; limiters: Map<number, RateLimiterAbstract> } };
const g = globalThis as Globals;

export function rateLimitStoreFromEnv(): RateLimitStore {
  const v = (process.env.TENANTRY_RATE_LIMIT_STORE || "memory").toLowerCase();
  if (v === "memory" || v === "postgres") return v;
  if (v === "redis") throw new Error("TENANTRY_RATE_LIMIT_STORE=redis is not supported yet; use memory (one instance) or postgres (several).");
  throw new Error(`TENANTRY_RATE_LIMIT_STORE must be memory or postgres, got "${v}"`);
}

function state() {
  return (g.__tenantryRateLimits ??= { store: rateLimitStoreFromEnv(), limiters: new Map() });
}

/** Switches the store (tests, benchmarks); limits counted so far are forgotten. */
export function useRateLimitStore(store: RateLimitStore): void {
  g.__tenantryRateLimits = { store, limiters: new Map() };
}

export function rateLimitStore(): RateLimitStore {
  return state().store;
}

function limiterFor(rps: number): RateLimiterAbstract {
  const s = state();
  let l = s.limiters.get(rps);
  if (!l) {
    const keyPrefix = `rps${rps}`;
    l =
      s.store === "postgres"
        ? new RateLimiterPostgres({
            storeClient: pool(),
            storeType: "pool",
            tableName: "rate_limits",
            tableCreated: true,
            keyPrefix,
            points: rps,
            duration: 1,
            // Without the database, each instance still limits on its own rather than failing requests.
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: rps, duration: 1 }),
          })
        : new RateLimiterMemory({ keyPrefix, points: rps, duration: 1 });
    s.limiters.set(rps, l);
  }
  return l;
}

function decision(res: RateLimiterRes, allowed: boolean, rps: number): RateDecision {
  return { allowed, limit: rps, remaining: allowed ? res.remainingPoints : 0, resetMs: res.msBeforeNext > 0 ? res.msBeforeNext : 1000 };
}

/** Takes one point from the tenant's window; a refusal is a decision, not an error. */
export function consumeRate(tenantId: string, rps: number): Promise<RateDecision> {
  // One promise (the limiter's) rather than an async function around it: this runs on every request.
  return limiterFor(rps)
    .consume(tenantId, 1)
    .then(
      (res) => decision(res, true, rps),
      (e) => {
        if (e instanceof RateLimiterRes) return decision(e, false, rps);
        throw e;
      },
    );
}

/**
 * Gives back the point an allowed request took, when a later step refused it: a refused request
 * consumes nothing. Skipped when the window is about to end anyway (a refund into a fresh window would
 * start it one point in credit).
 */
export async function refundRate(tenantId: string, d: RateDecision): Promise<void> {
  if (!d.allowed || d.resetMs < 20) return;
  await limiterFor(d.limit).reward(tenantId, 1);
}

/** The tenant's window without taking from it (headers on responses refused before the limiter). */
export async function peekRate(tenantId: string, rps: number): Promise<RateDecision> {
  const res = await limiterFor(rps).get(tenantId);
  if (!res) return { allowed: true, limit: rps, remaining: rps, resetMs: 1000 };
  return { allowed: res.consumedPoints < rps, limit: rps, remaining: Math.max(0, rps - res.consumedPoints), resetMs: res.msBeforeNext > 0 ? res.msBeforeNext : 1000 };
}
