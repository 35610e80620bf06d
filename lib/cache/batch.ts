// Cache misses that arrive close together are read together: one query for the batch instead of one
// per key. After a restart every tenant's first requests miss at once; read one at a time they queued
// behind each other for seconds (1,000 tenants took ~13 s to serve once each).
//
// How a batch forms: the first miss schedules a flush for the end of the current event-loop turn
// (setImmediate), so every miss parsed in the same turn joins it; while `maxInFlight` batches are
// being read, further misses wait and go together in the next one (group commit), so a burst costs a
// handful of queries however many keys it touches.
//
// Guarantees the caches rely on:
// - one read per key however many callers wait on it, unless the cache's epoch moved (a change notice
//   arrived) since that read began: then the caller gets a fresh read, so nobody who asks after a
//   change is answered from before it;
// - `store` is called only when the epoch did not move while the batch was read (a read that raced a
//   change may not include it, so it is returned to its callers but never cached);
// - a failed read rejects every caller of that batch and caches nothing.
//
// `refresh(key)` re-reads a key in the background, in a lazier batch (refresh-ahead: the caches call it
// for entries in use that are near their expiry, so they never expire under load). It never rejects.

export interface BatchLoaderOptions<V, A> {
  /** Reads the keys; a key absent from the result gets `missing`. `args` holds the first caller's argument per key. */
  read(keys: string[], args: (A | undefined)[]): Promise<Map<string, V>>;
  missing: V;
  /** The owning cache's change epoch (moves on every change notice and reset). */
  epoch(): number;
  /** Caches a value read with no change in between. */
  store(key: string, value: V): void;
  maxBatch?: number;
  maxInFlight?: number;
  /** How long background refreshes gather before they are read (one query for all that came due). */
  refreshDelayMs?: number;
}

export interface BatchLoader<V, A = undefined> {
  load(key: string, arg?: A): Promise<V>;
  refresh(key: string): void;
  /** Reads begun and keys read so far (tests and benchmarks). */
  stats(): { batches: number; keys: number };
}

interface Waiting<V, A> {
  arg: A | undefined;
  p: Promise<V>;
  resolve(v: V): void;
  reject(e: unknown): void;
}

export function createBatchLoader<V, A = undefined>(o: BatchLoaderOptions<V, A>): BatchLoader<V, A> {
  const maxBatch = o.maxBatch ?? 1000;
  const maxInFlight = o.maxInFlight ?? 2;
  const refreshDelayMs = o.refreshDelayMs ?? 100;
  const inFlight = new Map<string, { epoch: number; p: Promise<V> }>();
  const queued = new Map<string, Waiting<V, A>>();
  const refreshing = new Set<string>();
  let running = 0;
  let scheduled = false;
  let refreshTimer: NodeJS.Timeout | undefined;
  let batches = 0;
  let keysRead = 0;

  function schedule(): void {
    if (scheduled || running >= maxInFlight || queued.size === 0) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    if (running >= maxInFlight || queued.size === 0) return;
    const batch: [string, Waiting<V, A>][] = [];
    for (const entry of queued) {
      batch.push(entry);
      queued.delete(entry[0]);
      if (batch.length >= maxBatch) break;
    }
    const epoch = o.epoch();
    for (const [key, w] of batch) inFlight.set(key, { epoch, p: w.p });
    running++;
    batches++;
    keysRead += batch.length;
    const keys = batch.map(([k]) => k);
    let read: Promise<Map<string, V>>;
    try {
      read = o.read(keys, batch.map(([, w]) => w.arg));
    } catch (e) {
      read = Promise.reject(e);
    }
    read
      .then(
        (found) => {
          const fresh = o.epoch() === epoch;
          for (const [key, w] of batch) {
            const v = found.has(key) ? found.get(key)! : o.missing;
            if (fresh) o.store(key, v);
            w.resolve(v);
          }
        },
        (e) => {
          for (const [, w] of batch) w.reject(e);
        },
      )
      .finally(() => {
        running--;
        for (const [key, w] of batch) {
          if (inFlight.get(key)?.p === w.p) inFlight.delete(key);
          refreshing.delete(key);
        }
        schedule();
      });
    // More than one batch's worth queued: start the next one now (up to maxInFlight).
    schedule();
  }

  function load(key: string, arg?: A): Promise<V> {
    const running = inFlight.get(key);
    if (running && running.epoch === o.epoch()) return running.p;
    const waiting = queued.get(key);
    if (waiting) return waiting.p;
    let resolve!: (v: V) => void;
    let reject!: (e: unknown) => void;
    const p = new Promise<V>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    queued.set(key, { arg, p, resolve, reject });
    schedule();
    return p;
  }

  function refresh(key: string): void {
    if (refreshing.has(key)) return;
    refreshing.add(key);
    refreshTimer ??= setTimeout(() => {
      refreshTimer = undefined;
      for (const k of refreshing) {
        // Already being read for a request: that read refreshes it.
        if (inFlight.has(k) || queued.has(k)) continue;
        // Errors are the next request's to see (the entry is still valid until its TTL).
        load(k).catch(() => refreshing.delete(k));
      }
    }, refreshDelayMs).unref();
  }

  return { load, refresh, stats: () => ({ batches, keys: keysRead }) };
}
