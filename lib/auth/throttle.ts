// Throttles repeated sign-in failures per email: after 5 failures in 15 minutes, further attempts are
// refused until the window passes. In memory per process (a shared store comes with multi-node limits).
import { LRUCache } from "lru-cache";

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;

const failures = new LRUCache<string, number[]>({ max: 50_000, ttl: WINDOW_MS });

export const signInThrottle = {
  allow(email: string): boolean {
    const now = Date.now();
    const recent = (failures.get(email) ?? []).filter((t) => now - t < WINDOW_MS);
    return recent.length < MAX_FAILURES;
  },
  fail(email: string): void {
    const now = Date.now();
    failures.set(email, [...(failures.get(email) ?? []).filter((t) => now - t < WINDOW_MS), now]);
  },
  succeed(email: string): void {
    failures.delete(email);
  },
};
