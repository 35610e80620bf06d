// End-to-end tests: Chromium against the BUILT app on a fresh database (see scripts/e2e-server.ts).
// Ports and data folder come from E2E_PORT / E2E_PG_PORT / E2E_DATA_DIR so several checkouts or
// engineers can run side by side.
import { defineConfig, devices } from "@playwright/test";
import path from "node:path";
import { BASE_URL, E2E_PORT, e2eServerEnv } from "./scripts/e2e-env";
import { findBrowser } from "./scripts/find-browser";

const browser = findBrowser();
if (!browser.ok) throw new Error(browser.message);

// Artifacts (traces, screenshots, the per-worker sign-in state). Playwright empties this folder at the
// start of a run, so a run on another E2E_PORT (another engineer in the same checkout) gets its own.
const outputDir = process.env.E2E_OUTPUT_DIR || (E2E_PORT === 3100 ? "test-results" : `.data/test-results-${E2E_PORT}`);
// Where the JSON report goes; scripts/test.ts reads the counts from it.
const jsonReport = path.resolve(process.env.E2E_JSON_REPORT || "playwright-report/e2e.json");

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Two cores run the server, its PostgreSQL and the browser; more workers only add contention.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_500 },
  outputDir,
  reporter: [["list"], ["json", { outputFile: jsonReport }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: browser.path,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `"${process.execPath}" node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts`,
    url: `${BASE_URL}/api/health`,
    env: e2eServerEnv(),
    // A first run builds the app (next build) before serving: minutes on two cores.
    timeout: 6 * 60_000,
    reuseExistingServer: !process.env.CI,
    // The build's output (and its errors) must be visible when it fails.
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
  metadata: { port: E2E_PORT },
});
