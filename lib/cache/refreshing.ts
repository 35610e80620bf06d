// An in-memory cache of database rows for the data plane's request path (API keys, tenant limits),
// kept right by change notices and read in batches:
// - a miss is read through a batch loader (lib/cache/batch.ts): one query for every key that missed
//   together, one read per key however many requests wait, and a read that raced a change notice
//   (the epoch moved) is answered but never cached;
// - `forget` / `clear` (the owner calls them from its change notices) move the epoch and drop entries;
// - entries expire after TENANTRY_CACHE_TTL_MS as a backstop for a missed notice, and "not found" after
//   `missingTtlMs`; a hit on a found entry older than two thirds of the TTL queues a background re-read
//   (refresh-ahead), so entries in use are renewed before they expire and idle ones still expire.
import { LRUCache } from "lru-cache";
import { config } from "../config";
import { createBatchLoader } from "./batch";

export interface RefreshingCache<V> {
  /** From memory: the value, null when known not to exist, undefined when it must be read. */
  peek(key: string, now?: number): V | null | undefined;
  /** Reads the key (batched with other misses). */
  load(key: string): Promise<V | null>;
  /** Drops one key, and keeps reads already under way from caching what they return. */
  forget(key: string): void;
  /** Drops every key, likewise. */
  clear(): void;
  /** Batched reads begun and keys read so far, misses and refreshes alike (tests, diagnostics). */
  stats(): { batches: number; keys: number };
}

export function createRefreshingCache<V extends object>(o: {
  /** Reads the keys; a key absent from the result does not exist. */
  read(keys: string[]): Promise<Map<string, V | null>>;
  /** How long "does not exist" is remembered. */
  missingTtlMs: number;
}): RefreshingCache<V> {
  const ttlMs = config.cacheTtlMs;
  const refreshAfterMs = Math.round((ttlMs * 2) / 3);
  const cache = new LRUCache<string, { v: V | null; loadedAt: number }>({ max: 100_000, ttl: ttlMs, ttlAutopurge: false });
  let epoch = 0;
  const loader = createBatchLoader<V | null>({
    read: (keys) => o.read(keys),
    missing: null,
    epoch: () => epoch,
    store: (key, v) => cache.set(key, { v, loadedAt: Date.now() }, { ttl: v ? ttlMs : o.missingTtlMs }),
  });
  return {
    peek(key, now = Date.now()) {
      const e = cache.get(key);
      if (!e) return undefined;
      if (e.v && now - e.loadedAt >= refreshAfterMs) loader.refresh(key);
      return e.v;
    },
    load: (key) => loader.load(key),
    forget(key) {
      epoch++;
      cache.delete(key);
    },
    clear() {
      epoch++;
      cache.clear();
    },
    stats: () => loader.stats(),
  };
}
