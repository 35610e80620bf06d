// The database the command-line tools (admin:create, migrate-tenants) work on, found the way
// `npm start` finds it: DATABASE_URL when set, else the embedded PostgreSQL under TENANTRY_DATA_DIR
// on TENANTRY_PG_PORT — reused if `npm start` is already running it, started for the command if not.
import path from "node:path";
import { config } from "../lib/config";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded";

export interface CommandDatabase {
  /** Where the database came from, for the command's first line of output. */
  description: string;
  /** Closes the app's connections, and stops the embedded server if this command started it. */
  close(): Promise<void>;
}

export async function openCommandDatabase(opts: { migrate?: boolean } = {}): Promise<CommandDatabase> {
  let stopEmbedded = async () => {};
  let description: string;
  if (config.databaseUrl) {
    description = `DATABASE_URL (${redact(config.databaseUrl)})`;
  } else {
    const rel = path.relative(process.cwd(), config.dataDir) || ".";
    const server = await startEmbeddedPostgres({ baseDir: config.dataDir, port: config.embeddedPgPort, quiet: true });
    process.env.DATABASE_URL = await ensureDatabase(server.url, "tenantry");
    stopEmbedded = server.stop;
    description = `embedded PostgreSQL (${rel}/pg, port ${config.embeddedPgPort}${server.startedHere ? ", started for this command" : ", already running"})`;
  }
  // Imported only now: the pool reads DATABASE_URL when first used.
  const { migrateControlPlane } = await import("../lib/db/bootstrap");
  if (opts.migrate !== false) await migrateControlPlane();
  return {
    description,
    async close() {
      const { closeDatabaseConnections } = await import("../lib/db/close");
      await closeDatabaseConnections();
      await stopEmbedded();
    },
  };
}

/** A connection URL without its password, for printing. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}
