// Key verification for every API request, from an in-memory cache. A hit costs a checksum and a
// SHA-256; misses are read from the database in batches (lib/cache/refreshing.ts, lib/cache/batch.ts: one query for every key
// that missed in the same moment, so a cold start does not read keys one by one). Revocations and
// rotations reach every instance through lib/db/changes.ts; entries also expire after a minute in case
// a notice was missed between checks, but an entry still in use is re-read in the background before
// that (refresh-ahead), so a busy instance never has its hot keys expire and reload on the request path.
// While the change listener is down the cache is bypassed (cachesTrusted), and a database read that
// raced with a revocation is not cached (the epoch moved on while it was in flight).
import { createRefreshingCache, type RefreshingCache } from "../cache/refreshing";
import { cachesTrusted, subscribeChanges } from "../db/changes";
import { pool } from "../db/pool";
import { unauthorized } from "../errors";
import { checkSecret, hasSecretLength, hashSecret, type KeyKind } from "./secret";

export interface VerifiedKey {
  id: string;
  kind: KeyKind;
  tenantId: string | null;
  scopes: ReadonlySet<string>;
  /** ms since epoch; null = never */
  expiresAt: number | null;
}

type Globals = {
  __tenantryKeyCache?: {
    /** By the key's hash. Unknown keys are remembered 5 s, so a flood of well-formed guesses costs one query each per 5 s. */
    cache: RefreshingCache<VerifiedKey>;
    lastUsed: Map<string, number>;
    flusher?: NodeJS.Timeout;
  };
};
const g = globalThis as Globals;

function state() {
  if (!g.__tenantryKeyCache) {
    const cache = createRefreshingCache({ read: readKeys, missingTtlMs: 5_000 });
    g.__tenantryKeyCache = { cache, lastUsed: new Map() };
    subscribeChanges(
      (c) => {
        if (c.kind === "key") cache.forget(c.hash);
      },
      () => cache.clear(),
    );
  }
  return g.__tenantryKeyCache;
}

/** Synchronous verification on a warm cache: the key, or undefined when the cache must be asked. */
export function verifyCached(secret: string, now = Date.now()): VerifiedKey | undefined {
  if (!hasSecretLength(secret)) throw unauthorized("The API key is malformed.");
  // Only secrets that passed the checksum are ever cached, so a hit needs no checksum.
  if (cachesTrusted()) {
    const key = state().cache.peek(hashSecret(secret), now);
    if (key !== undefined) return accept(key, now);
  }
  if (!checkSecret(secret)) throw unauthorized("The API key is malformed.");
  return undefined;
}

function accept(key: VerifiedKey | null, now: number): VerifiedKey {
  if (!key) throw unauthorized("The API key is not valid.");
  if (key.expiresAt !== null && key.expiresAt <= now) throw unauthorized("The API key has expired.");
  return key;
}

/** Full verification: cache first, database on a miss. Throws 401 for anything but a live key. */
export async function verifyKey(secret: string, now = Date.now()): Promise<VerifiedKey> {
  const hit = verifyCached(secret, now);
  if (hit) return hit;
  return accept(await readKey(hashSecret(secret)), now);
}

/**
 * One database read per key however many requests miss on it at once, and one query for all the keys
 * that missed together; a change that arrives while a read is in flight sends later callers to a
 * fresh read, and the raced answer is not cached (lib/cache/batch.ts).
 */
function readKey(hash: string): Promise<VerifiedKey | null> {
  return state().cache.load(hash);
}

type KeyRow = { hash: string; id: string; kind: KeyKind; tenant_id: string | null; scopes: string[]; expires_at: Date | null; revoked_at: Date | null };

/**
 * Plain SQL rather than Prisma: this runs on the request path of a cold instance, where Prisma's
 * per-query CPU was most of the cost of a miss. A revoked key reads as unknown.
 */
async function readKeys(hashes: string[]): Promise<Map<string, VerifiedKey | null>> {
  const r = await pool().query<KeyRow>({
    name: "keys-verify-batch",
    text: "SELECT hash, id, kind::text AS kind, tenant_id, scopes, expires_at, revoked_at FROM api_keys WHERE hash = ANY($1::text[])",
    values: [hashes],
  });
  const out = new Map<string, VerifiedKey | null>();
  for (const row of r.rows) {
    out.set(
      row.hash,
      row.revoked_at ? null : { id: row.id, kind: row.kind, tenantId: row.tenant_id, scopes: new Set(row.scopes), expiresAt: row.expires_at?.getTime() ?? null },
    );
  }
  return out;
}

/** Notes a use; written to the database in batches by `flushLastUsed`, not per request. */
export function noteKeyUsed(keyId: string, now = Date.now()): void {
  state().lastUsed.set(keyId, now);
}

export async function flushLastUsed(): Promise<number> {
  const s = state();
  if (s.lastUsed.size === 0) return 0;
  const batch = [...s.lastUsed];
  s.lastUsed.clear();
  try {
    await writeLastUsed(batch);
  } catch (e) {
    // Keep the times for the next flush (a newer note made meanwhile wins).
    for (const [id, t] of batch) if ((s.lastUsed.get(id) ?? 0) < t) s.lastUsed.set(id, t);
    throw e;
  }
  return batch.length;
}

/**
 * On the pool, not Prisma: with keys and tenants read in plain SQL, this was the data plane's only
 * Prisma query, and the client's first use (loading its query engine) stalled the event loop for
 * ~0.5 s at the first flush, 10 s into a fresh process's load.
 */
async function writeLastUsed(batch: [string, number][]): Promise<void> {
  await pool().query({
    name: "keys-last-used",
    text: `UPDATE api_keys SET last_used_at = v.t
           FROM (SELECT unnest($1::text[]) AS id, unnest($2::timestamptz[]) AS t) v
           WHERE api_keys.id = v.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < v.t)`,
    values: [batch.map(([id]) => id), batch.map(([, t]) => new Date(t).toISOString())],
  });
}

export function startLastUsedFlusher(everyMs = 10_000): void {
  const s = state();
  if (s.flusher) return;
  s.flusher = setInterval(() => void flushLastUsed().catch((e) => console.error("[keys] last-used flush failed:", e.message)), everyMs);
  s.flusher.unref();
}

export function stopLastUsedFlusher(): void {
  const s = state();
  if (s.flusher) clearInterval(s.flusher);
  s.flusher = undefined;
}

/** Batched reads begun and keys read so far, request misses and refreshes alike (tests, diagnostics). */
export function keyLoadStats(): { batches: number; keys: number } {
  return state().cache.stats();
}

/** Drops every cached key (tests, and after a lost change listener). */
export function clearKeyCache(): void {
  state().cache.clear();
}
