// A real data-plane server process for the kill -9 test: what a deployment that runs the data plane
// apart starts (server.ts startDataPlaneServer + lib/dataplane/lifecycle). Prints "LISTENING <port>".
import { startDataPlane } from "../../lib/dataplane/lifecycle";
import { startDataPlaneServer } from "../../server";

async function main() {
  await startDataPlane();
  const server = await startDataPlaneServer({ port: Number(process.env.CHILD_PORT ?? 0), hostname: "127.0.0.1" });
  process.stdout.write(`LISTENING ${new URL(server.url).port}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
