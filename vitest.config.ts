// Integration tests against a real PostgreSQL (see tests/setup/global-setup.ts). Test files run one at a
// time: they share one database, and some of them measure server-wide things (connections per
// application, schemas in pg_namespace) that a neighbouring file would disturb.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}` }],
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/worker-env.ts"],
    pool: "forks",
    fileParallelism: false,
    // Provisioning creates schemas and databases; CI machines are slow and shared.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
