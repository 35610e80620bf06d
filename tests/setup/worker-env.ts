// Runs in every test worker before each test file: points lib/ at the run's database and closes what
// the file opened (pools, tenant clients, the job queue, the change listener) when it is done, so no connection outlives it.
import { fileURLToPath } from "node:url";
import { afterAll, inject } from "vitest";
import { TEST_PLATFORM_KEY } from "./constants";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.TENANTRY_PLATFORM_KEY = TEST_PLATFORM_KEY;
process.env.TENANTRY_ROOT ||= fileURLToPath(new URL("../..", import.meta.url));

afterAll(async () => {
  const { stopQueue } = await import("../../lib/jobs/queue");
  const { stopChangeListener } = await import("../../lib/db/changes");
  const { closeDatabaseConnections } = await import("../../lib/db/close");
  await stopChangeListener();
  await stopQueue();
  await closeDatabaseConnections();
});
