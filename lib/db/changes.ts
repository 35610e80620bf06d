// Change notifications between app instances over PostgreSQL LISTEN/NOTIFY. A revoked key or a
// suspended tenant is published in the same transaction as the change (NOTIFY is delivered on
// commit), and every instance drops what it cached. If the listening connection drops, notices may
// have been missed, so every cache is reset before listening again.
import pg from "pg";
import { databaseUrl } from "./pool";

export const CHANGES_CHANNEL = "tenantry_changes";

/**
 * `plans`: a plan's quotas changed, so every tenant on it may have new effective limits.
 * `metric`: a registered usage metric's definition (new, archived, unarchived), applied as carried.
 */
export type Change =
  | { kind: "key"; hash: string }
  | { kind: "tenant"; id: string }
  | { kind: "plans" }
  | { kind: "metric"; name: string; metric_kind: "counter" | "gauge"; unit: string; archived: boolean };

type Handler = (c: Change) => void;
type Globals = {
  __tenantryChanges?: { handlers: Set<Handler>; resets: Set<() => void>; client?: pg.Client; stopped: boolean; started: boolean };
};
const g = globalThis as Globals;

function hub() {
  return (g.__tenantryChanges ??= { handlers: new Set(), resets: new Set(), stopped: false, started: false });
}

/** The SQL argument list for publishing inside a transaction: `SELECT pg_notify($1, $2)`. */
export function changeNotice(c: Change): [string, string] {
  return [CHANGES_CHANNEL, JSON.stringify(c)];
}

/** Applies a change locally right away (this instance need not wait for its own notice). */
export function applyLocally(c: Change): void {
  for (const h of hub().handlers) h(c);
}

/** Registers a cache: `onChange` for each notice, `reset` when notices may have been missed. */
export function subscribeChanges(onChange: Handler, reset: () => void): void {
  const h = hub();
  h.handlers.add(onChange);
  h.resets.add(reset);
}

export async function startChangeListener(): Promise<void> {
  const h = hub();
  if (h.started) return;
  h.started = true;
  h.stopped = false;
  let delay = 250;
  const connect = async (): Promise<void> => {
    if (h.stopped) return;
    const client = new pg.Client({ connectionString: databaseUrl(), application_name: "tenantry-listen" });
    client.on("notification", (msg) => {
      if (msg.channel !== CHANGES_CHANNEL || !msg.payload) return;
      try {
        applyLocally(JSON.parse(msg.payload) as Change);
      } catch {
        /* a malformed notice is ignored */
      }
    });
    const retry = () => {
      if (h.client === client) h.client = undefined;
      for (const r of h.resets) r();
      if (!h.stopped) setTimeout(() => void connect(), (delay = Math.min(delay * 2, 10_000))).unref();
    };
    client.on("error", () => {});
    client.on("end", retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      h.client = client;
      delay = 250;
      for (const r of h.resets) r(); // anything cached before listening may be stale
    } catch {
      client.removeListener("end", retry);
      await client.end().catch(() => {});
      retry();
    }
  };
  await connect();
}

export async function stopChangeListener(): Promise<void> {
  const h = hub();
  h.stopped = true;
  h.started = false;
  const c = h.client;
  h.client = undefined;
  if (c) await c.end().catch(() => {});
}

export function changeListenerConnected(): boolean {
  return !!hub().client;
}

/**
 * Whether caches may serve from memory. While a started listener is down, notices from other
 * instances may be missed, so caches must read through to the database until it is back (and reset
 * on reconnect). A process that never started a listener (tests, benchmarks, one-off scripts) only
 * sees its own changes, which `applyLocally` delivers.
 */
export function cachesTrusted(): boolean {
  const h = hub();
  return !h.started || !!h.client;
}
