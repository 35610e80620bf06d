// Finds the Chromium the end-to-end tests drive. Order: $CHROMIUM_PATH, the distribution's
// /usr/bin/chromium, then a Chromium downloaded by `npx playwright install chromium`. Shared by
// playwright.config.ts and `npm test`, so both agree on the browser and print the same advice.
import fs from "node:fs";
import { chromium } from "@playwright/test";

export type BrowserLookup = { ok: true; path: string; source: string } | { ok: false; message: string };

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export const INSTALL_ADVICE = [
  "No Chromium found for the end-to-end tests. Install one of:",
  "  • Debian/Ubuntu:            sudo apt-get install chromium",
  "  • Playwright's own build:   npx playwright install chromium   (needs network access to Playwright's CDN)",
  "  • or point at a Chromium/Chrome binary: export CHROMIUM_PATH=/path/to/chromium",
].join("\n");

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function findBrowser(): BrowserLookup {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    // An explicit choice that is wrong must fail loudly rather than silently fall back to another browser.
    if (isExecutable(fromEnv)) return { ok: true, path: fromEnv, source: "CHROMIUM_PATH" };
    return { ok: false, message: `CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file.\n${INSTALL_ADVICE}` };
  }
  for (const p of SYSTEM_PATHS) if (isExecutable(p)) return { ok: true, path: p, source: "system" };
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined; // playwright-core throws when it has no build for this platform
  }
  if (bundled && isExecutable(bundled)) return { ok: true, path: bundled, source: "playwright" };
  return { ok: false, message: INSTALL_ADVICE };
}

/** The browser's path, or an Error whose message says exactly what to install. */
export function requireBrowser(): string {
  const found = findBrowser();
  if (!found.ok) throw new Error(found.message);
  return found.path;
}

// Run directly (`npx tsx scripts/find-browser.ts`): print the path, or the advice and exit 1.
if (process.argv[1]?.endsWith("find-browser.ts")) {
  const found = findBrowser();
  if (found.ok) console.log(`${found.path} (${found.source})`);
  else {
    console.error(found.message);
    process.exit(1);
  }
}
