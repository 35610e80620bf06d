// What a process serving the data plane starts and stops besides its HTTP server: the change listener
// (revocations, suspensions, plan edits from other instances), the batched last-used writer and the
// usage flusher. Stopping flushes what is buffered, so a clean shutdown loses no counts.
import { startChangeListener, stopChangeListener } from "../db/changes";
import { flushLastUsed, startLastUsedFlusher, stopLastUsedFlusher } from "../keys/verify";
import { rateLimitStore } from "../quotas/rate-limit";
import { startUsageFlusher, stopUsageFlusher } from "../quotas/usage";

export async function startDataPlane(): Promise<void> {
  rateLimitStore(); // fails fast on a bad TENANTRY_RATE_LIMIT_STORE
  await startChangeListener();
  startLastUsedFlusher();
  startUsageFlusher();
}

export async function stopDataPlane(): Promise<void> {
  stopLastUsedFlusher();
  await flushLastUsed().catch((e) => console.error("[keys] final last-used flush failed:", e.message));
  await stopUsageFlusher();
  await stopChangeListener();
}
