// What every benchmark shares: a FRESH database (on the embedded PostgreSQL, or on DATABASE_URL's
// server), flags, percentiles, and the one JSON object each bench prints to stdout (and keeps in
// bench/results/). Progress goes to stderr so stdout stays machine-readable.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { withClient } from "../lib/db/short-client";

export const log = (...args: unknown[]) => console.error("[bench]", ...args);

export interface BenchDatabase {
  url: string;
  /** The same server's maintenance database, for monitoring (pg_stat_activity) on its own connection. */
  serverUrl: string;
  name: string;
  server: string;
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withClient(serverUrl, "tenantry-bench-admin", fn);
}

/** The value of `--name value` or `--name=value`, if given. */
export function stringFlag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

/**
 * Creates a fresh database for one bench, points lib/ at it (DATABASE_URL) and applies the
 * control-plane migrations. close() closes lib's connections, drops the database and stops the
 * embedded server if this process started it.
 *
 * `reuse`: open that database (left by an earlier run with BENCH_KEEP_DB=1) instead of a fresh one,
 * and keep it on close — for benches whose set-up takes minutes (usage-read seeds 15M events).
 */
export async function openBenchDatabase(bench: string, opts: { reuse?: string } = {}): Promise<BenchDatabase & { reused: boolean }> {
  let embedded: EmbeddedServer | undefined;
  let serverUrl: string;
  let server: string;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, "postgres");
    server = process.env.BENCH_SERVER_LABEL || "DATABASE_URL";
  } else {
    const port = Number(process.env.BENCH_PG_PORT || 54360);
    const dir = path.resolve(process.env.BENCH_DATA_DIR || ".data/bench");
    embedded = await startEmbeddedPostgres({ baseDir: dir, port, quiet: true });
    serverUrl = embedded.url;
    server = `embedded PostgreSQL 17 (port ${port})`;
  }
  const reused = opts.reuse !== undefined;
  if (reused && !/^[a-z0-9_]+$/.test(opts.reuse!)) throw new Error(`--reuse: not a bench database name: "${opts.reuse}"`);
  const name = opts.reuse ?? `tenantry_bench_${bench}_${Date.now()}`;
  if (reused) {
    const found = await admin(serverUrl, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]));
    if (!found.rowCount) throw new Error(`--reuse: no database "${name}" on ${server}`);
  } else await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const keep = reused || process.env.BENCH_KEEP_DB === "1";
  if (keep) log(`database ${name} is kept (reuse it with --reuse ${name})`);
  const url = withDatabase(serverUrl, name);
  process.env.DATABASE_URL = url;
  const { migrateControlPlane } = await import("../lib/db/bootstrap");
  await migrateControlPlane();
  return {
    url,
    serverUrl,
    name,
    server,
    reused,
    async close() {
      const { closeDatabaseConnections } = await import("../lib/db/close");
      await closeDatabaseConnections();
      if (!keep) await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      if (embedded?.startedHere) await embedded.stop();
    },
  };
}

/** `--name value` or `--name=value` as a positive integer, else the fallback. */
export function intFlag(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let raw: string | undefined;
    if (a === `--${name}`) raw = argv[i + 1];
    else if (a.startsWith(`--${name}=`)) raw = a.slice(name.length + 3);
    if (raw !== undefined) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
      return n;
    }
  }
  return fallback;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Resident memory as the process has it, WITHOUT forcing a collection: that is what a production
 * process holds, and what the targets are about. (bench/run.ts passes --expose-gc to node, but tsx's
 * CLI starts the script without it, so benches never had `gc` and this never collected anyway.)
 */
export function rssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}

let collect: (() => void) | undefined;
/** A full collection, to tell live memory from garbage not yet collected. */
export function fullGc(): void {
  if (!collect) {
    v8.setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}

/** V8 heap in use and reserved, in MB, after a full collection (live memory, not garbage). */
export function heapMb(): { used: number; total: number } {
  fullGc();
  const m = process.memoryUsage();
  return { used: m.heapUsed / (1024 * 1024), total: m.heapTotal / (1024 * 1024) };
}

/** Prints the bench's one JSON object to stdout and keeps a copy in bench/results/<name>.json. */
export function report(name: string, result: Record<string, unknown>) {
  const full = { bench: name, at: new Date().toISOString(), node: process.version, ...result };
  const dir = path.resolve("bench/results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(full, null, 2) + "\n");
  process.stdout.write(JSON.stringify(full) + "\n");
}

/** Runs a bench's main: exit 0 when it finishes, 1 (with the error on stderr) when it throws. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

export const BENCH_ACTOR = { type: "system", label: "bench" } as const;
