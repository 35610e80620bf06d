// The data plane alone as its own process (server.ts startDataPlaneServer + lib/dataplane/lifecycle):
// what the metering benches load. Prints "LISTENING <port>"; SIGTERM flushes buffered counts and exits.
// BENCH_ROLLUP_MS=<ms>: this process also runs the rollup that often (as the pg-boss job does in
// production), so that the rollup's own CPU is charged to the process whose events it rolls up.
import { startDataPlane, stopDataPlane } from "../lib/dataplane/lifecycle";
import { startDataPlaneServer } from "../server";

async function main() {
  await startDataPlane();
  const server = await startDataPlaneServer({ port: Number(process.env.DATAPLANE_PORT ?? 0), hostname: "127.0.0.1" });
  const rollupMs = Number(process.env.BENCH_ROLLUP_MS);
  let rollupTimer: NodeJS.Timeout | undefined;
  let rolling: Promise<unknown> | undefined;
  if (rollupMs > 0) {
    const { runRollup } = await import("../lib/metering/rollup");
    rollupTimer = setInterval(() => {
      rolling ??= runRollup()
        .catch((e) => console.error(`[bench] rollup failed: ${e.message}`))
        .finally(() => (rolling = undefined));
    }, rollupMs);
  }
  process.stdout.write(`LISTENING ${new URL(server.url).port}\n`);
  process.on("SIGTERM", async () => {
    clearInterval(rollupTimer);
    await rolling;
    await server.close();
    await stopDataPlane();
    process.exit(0);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
