// The batching and epoch rules of lib/cache/batch.ts, with a read whose timing the test controls (the
// caches' real reads against PostgreSQL are covered in tests/dataplane/cold-cache.test.ts).
import { describe, expect, it } from "vitest";
import { createBatchLoader } from "../../lib/cache/batch";

function harness(opts: { maxInFlight?: number; maxBatch?: number } = {}) {
  const reads: { keys: string[]; resolve: (m: Map<string, string>) => void; reject: (e: Error) => void }[] = [];
  const stored = new Map<string, string>();
  let epoch = 0;
  const loader = createBatchLoader<string | null>({
    read: (keys) => new Promise((resolve, reject) => reads.push({ keys, resolve, reject })),
    missing: null,
    epoch: () => epoch,
    store: (k, v) => stored.set(k, v ?? "<null>"),
    refreshDelayMs: 10,
    ...opts,
  });
  return { loader, reads, stored, bump: () => epoch++ };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("createBatchLoader", () => {
  it("reads the keys missed in one turn in one batch, once per key, and answers each caller its own", async () => {
    const h = harness();
    const ps = ["a", "b", "a", "c", "b", "a"].map((k) => h.loader.load(k));
    await tick();
    expect(h.reads.map((r) => r.keys)).toEqual([["a", "b", "c"]]);
    h.reads[0].resolve(new Map([["a", "A"], ["c", "C"]]));
    expect(await Promise.all(ps)).toEqual(["A", null, "A", "C", null, "A"]);
    expect(Object.fromEntries(h.stored)).toEqual({ a: "A", b: "<null>", c: "C" });
    expect(h.loader.stats()).toEqual({ batches: 1, keys: 3 });
  });

  it("gathers misses that arrive while reads are in flight into the next batch (at most maxInFlight at once)", async () => {
    const h = harness({ maxInFlight: 1 });
    const first = h.loader.load("a");
    await tick();
    const later = ["b", "c", "d"].map((k) => h.loader.load(k));
    await tick();
    expect(h.reads).toHaveLength(1);
    h.reads[0].resolve(new Map([["a", "A"]]));
    await first;
    await tick(); // the finished batch's clean-up schedules the next one
    await tick();
    expect(h.reads.map((r) => r.keys)).toEqual([["a"], ["b", "c", "d"]]);
    h.reads[1].resolve(new Map([["d", "D"]]));
    expect(await Promise.all(later)).toEqual([null, null, "D"]);
  });

  it("splits a burst larger than maxBatch", async () => {
    const h = harness({ maxBatch: 2, maxInFlight: 4 });
    const ps = ["a", "b", "c", "d", "e"].map((k) => h.loader.load(k));
    await tick();
    await tick();
    await tick();
    expect(h.reads.map((r) => r.keys)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    for (const r of h.reads) r.resolve(new Map(r.keys.map((k) => [k, k.toUpperCase()])));
    expect(await Promise.all(ps)).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("after a change notice, sends new callers to a fresh read and does not cache the raced one", async () => {
    const h = harness();
    const before = h.loader.load("k");
    await tick();
    h.bump(); // a notice for k arrives while its read is in flight
    const after = h.loader.load("k");
    await tick();
    expect(h.reads.map((r) => r.keys)).toEqual([["k"], ["k"]]);
    // The first read began before the change and may miss it: its caller gets it, the cache does not.
    h.reads[0].resolve(new Map([["k", "old"]]));
    expect(await before).toBe("old");
    expect(h.stored.has("k")).toBe(false);
    h.reads[1].resolve(new Map());
    expect(await after).toBeNull();
    expect(h.stored.get("k")).toBe("<null>");
  });

  it("rejects every caller of a failed batch, caches nothing, and reads again on the next miss", async () => {
    const h = harness();
    const ps = ["a", "b"].map((k) => h.loader.load(k));
    await tick();
    h.reads[0].reject(new Error("connection lost"));
    for (const p of ps) await expect(p).rejects.toThrow("connection lost");
    expect(h.stored.size).toBe(0);
    const again = h.loader.load("a");
    await tick();
    expect(h.reads).toHaveLength(2);
    h.reads[1].resolve(new Map([["a", "A"]]));
    expect(await again).toBe("A");
  });

  it("refreshes in the background in one lazy batch, once per key, and swallows a failed refresh", async () => {
    const h = harness();
    for (const k of ["a", "b", "a", "b", "c"]) h.loader.refresh(k);
    await new Promise((r) => setTimeout(r, 30));
    await tick();
    expect(h.reads.map((r) => r.keys)).toEqual([["a", "b", "c"]]);
    h.reads[0].reject(new Error("down")); // nobody waits on a refresh: no unhandled rejection
    await tick();
    h.loader.refresh("a"); // and a failed refresh can be asked again
    await new Promise((r) => setTimeout(r, 30));
    await tick();
    expect(h.reads.map((r) => r.keys)).toEqual([["a", "b", "c"], ["a"]]);
    h.reads[1].resolve(new Map([["a", "A2"]]));
    await tick();
    expect(h.stored.get("a")).toBe("A2");
  });
});
