// `npm run bench [-- <bench>…] [--count N] [--tenants N] [--seconds S] [--concurrency C] …`
// Benches: provisioning, router, keys-verify, dataplane-http, dataplane-cold, ingest-http, metering-overhead, usage-read,
// meter-sync, webhooks (all, in that order, by default). Flags go
// to every bench that knows them.
// Starts the embedded PostgreSQL once (unless DATABASE_URL is set), then runs each benchmark in a
// process of its own (clean memory for RSS figures, node --expose-gc), one after the other. Each bench
// makes a fresh database on that server, prints one JSON object to stdout and keeps a copy in
// bench/results/.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";

const ALL = ["provisioning", "router", "keys-verify", "dataplane-http", "dataplane-cold", "ingest-http", "metering-overhead", "usage-read", "meter-sync", "webhooks"] as const;
const argv = process.argv.slice(2);
const picked = argv.filter((a) => (ALL as readonly string[]).includes(a));
const flags = argv.filter((a) => !picked.includes(a));
const unknown = argv.filter((a, i) => !a.startsWith("--") && !picked.includes(a) && !argv[i - 1]?.startsWith("--"));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${ALL.join(", ")}.`);
  process.exit(2);
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  let embedded: EmbeddedServer | undefined;
  if (!process.env.DATABASE_URL) {
    // One server for every bench: stopping and restarting it between benches races the next start.
    const port = Number(process.env.BENCH_PG_PORT || 54360);
    embedded = await startEmbeddedPostgres({ baseDir: path.resolve(process.env.BENCH_DATA_DIR || ".data/bench"), port, quiet: true });
    env.DATABASE_URL = embedded.url;
    env.BENCH_SERVER_LABEL = `embedded PostgreSQL 17 (port ${port})`;
  }
  let failed = 0;
  try {
    for (const name of picked.length ? picked : ALL) {
      console.error(`[bench] ${name}…`);
      const r = spawnSync(process.execPath, ["--expose-gc", path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve(`bench/${name}.ts`), ...flags], {
        stdio: ["ignore", "inherit", "inherit"],
        env,
      });
      if (r.status !== 0) {
        console.error(`[bench] ${name} failed (exit ${r.status ?? r.signal})`);
        failed++;
      }
    }
  } finally {
    if (embedded?.startedHere) await embedded.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
