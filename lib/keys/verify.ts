// Key verification for every API request, from an in-memory cache. A hit costs a checksum and a
// SHA-256; a miss reads the database once. Revocations and rotations reach every instance through
// lib/db/changes.ts; entries also expire after a minute in case a notice was missed between checks.
// While the change listener is down the cache is bypassed (cachesTrusted), and a database read that
// raced with a revocation is not cached (the epoch moved on while it was in flight).
import { LRUCache } from "lru-cache";
import { cachesTrusted, subscribeChanges } from "../db/changes";
import { db } from "../db/client";
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

type Entry = { key: VerifiedKey | null };

type Globals = {
  __tenantryKeyCache?: { cache: LRUCache<string, Entry>; lastUsed: Map<string, number>; flusher?: NodeJS.Timeout; epoch: number };
};
const g = globalThis as Globals;

const POSITIVE_TTL_MS = 60_000;
/** Unknown keys are remembered briefly so a flood of well-formed guesses costs one query each per 5 s. */
const NEGATIVE_TTL_MS = 5_000;

function state() {
  if (!g.__tenantryKeyCache) {
    const cache = new LRUCache<string, Entry>({ max: 100_000, ttl: POSITIVE_TTL_MS, ttlAutopurge: false });
    const s = (g.__tenantryKeyCache = { cache, lastUsed: new Map(), epoch: 0 });
    subscribeChanges(
      (c) => {
        if (c.kind !== "key") return;
        s.epoch++;
        cache.delete(c.hash);
      },
      () => {
        s.epoch++;
        cache.clear();
      },
    );
  }
  return g.__tenantryKeyCache;
}

/** Synchronous verification on a warm cache: the key, or undefined when the cache must be asked. */
export function verifyCached(secret: string, now = Date.now()): VerifiedKey | undefined {
  if (!hasSecretLength(secret)) throw unauthorized("The API key is malformed.");
  // Only secrets that passed the checksum are ever cached, so a hit needs no checksum.
  if (cachesTrusted()) {
    const entry = state().cache.get(hashSecret(secret));
    if (entry) return accept(entry.key, now);
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

const reading = new Map<string, { epoch: number; p: Promise<VerifiedKey | null> }>();

/**
 * One database read per key however many requests miss on it at once (a burst on a cold cache),
 * unless a change arrived since that read started: then a fresh one.
 */
function readKey(hash: string): Promise<VerifiedKey | null> {
  const epoch = state().epoch;
  const running = reading.get(hash);
  if (running && running.epoch === epoch) return running.p;
  const p = loadKey(hash).finally(() => {
    if (reading.get(hash)?.p === p) reading.delete(hash);
  });
  reading.set(hash, { epoch, p });
  return p;
}

async function loadKey(hash: string): Promise<VerifiedKey | null> {
  const s = state();
  const epoch = s.epoch;
  const row = await db().apiKey.findUnique({
    where: { hash },
    select: { id: true, kind: true, tenantId: true, scopes: true, expiresAt: true, revokedAt: true },
  });
  const key: VerifiedKey | null =
    row && !row.revokedAt
      ? { id: row.id, kind: row.kind, tenantId: row.tenantId, scopes: new Set(row.scopes), expiresAt: row.expiresAt?.getTime() ?? null }
      : null;
  if (s.epoch === epoch) s.cache.set(hash, { key }, { ttl: key ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS });
  return key;
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

async function writeLastUsed(batch: [string, number][]): Promise<void> {
  await db().$executeRawUnsafe(
    `UPDATE api_keys SET last_used_at = v.t
     FROM (SELECT unnest($1::text[]) AS id, unnest($2::timestamptz[]) AS t) v
     WHERE api_keys.id = v.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < v.t)`,
    batch.map(([id]) => id),
    batch.map(([, t]) => new Date(t).toISOString()),
  );
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

/** Drops every cached key (tests, and after a lost change listener). */
export function clearKeyCache(): void {
  const s = state();
  s.epoch++;
  s.cache.clear();
}
