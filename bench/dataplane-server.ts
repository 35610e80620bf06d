// The data plane alone as its own process (server.ts startDataPlaneServer + lib/dataplane/lifecycle):
// what the metering benches load. Prints "LISTENING <port>"; SIGTERM flushes buffered counts and exits.
import { startDataPlane, stopDataPlane } from "../lib/dataplane/lifecycle";
import { startDataPlaneServer } from "../server";

async function main() {
  await startDataPlane();
  const server = await startDataPlaneServer({ port: Number(process.env.DATAPLANE_PORT ?? 0), hostname: "127.0.0.1" });
  process.stdout.write(`LISTENING ${new URL(server.url).port}\n`);
  process.on("SIGTERM", async () => {
    await server.close();
    await stopDataPlane();
    process.exit(0);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
