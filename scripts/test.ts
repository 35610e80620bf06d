// `npm test`: every suite in order — type-check, vitest (unit + integration on a real PostgreSQL),
// Playwright (end to end on the built app in Chromium) — then a per-suite summary and ONE last line,
// `N passed, N failed`, counting individual tests across all suites. A suite that crashes (no report,
// or a non-zero exit with no failed test in its report) counts as at least one failure, so a broken
// run can never print "0 failed". Exits 0 only if nothing failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findBrowser } from "./find-browser";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-test-"));

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
}

function banner(title: string) {
  const line = "─".repeat(Math.max(10, 78 - title.length));
  console.log(`\n── ${title} ${line}`);
}

/** Runs a command with its output on our terminal; returns the exit code (a signal counts as failure). */
function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  if (r.error) {
    console.error(`Could not run ${cmd}: ${r.error.message}`);
    return 127;
  }
  return r.status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** A suite whose exit code says failure must report at least one failed test. */
function settle(r: SuiteResult, code: number, reportFound: boolean): SuiteResult {
  if (!reportFound) return { ...r, failed: Math.max(1, r.failed), note: r.note ?? `crashed (exit ${code}, no report)` };
  if (code !== 0 && r.failed === 0) return { ...r, failed: 1, note: r.note ?? `exit ${code} with no failed test reported (a crash, or an error outside tests)` };
  return r;
}

function typecheck(): SuiteResult {
  banner("type-check: tsc --noEmit");
  const t = Date.now();
  const code = run(bin("tsc"), ["--noEmit"]);
  const seconds = (Date.now() - t) / 1000;
  if (code === 0) console.log("No type errors.");
  return { name: "type-check", passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, seconds };
}

interface VitestReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  success: boolean;
}

function vitest(): SuiteResult {
  banner("unit + integration: vitest");
  const out = path.join(reportDir, "vitest.json");
  const t = Date.now();
  const code = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${out}`]);
  const seconds = (Date.now() - t) / 1000;
  const rep = readJson<VitestReport>(out);
  if (!rep) return settle({ name: "vitest", passed: 0, failed: 0, skipped: 0, seconds }, code, false);
  // A test file that fails to load has no failed *test*, only a failed suite: count it.
  const failed = rep.numFailedTests + (rep.numFailedTests === 0 ? rep.numFailedTestSuites : 0);
  // A global setup that throws (no database, say) leaves a report of zero tests — and vitest 4 still
  // exits 0. The repository has tests, so "none ran" is a failure.
  if (rep.numTotalTests === 0) {
    return { name: "vitest", passed: 0, failed: 1, skipped: 0, seconds, note: "no tests ran (see the errors above)" };
  }
  return settle(
    { name: "vitest", passed: rep.numPassedTests, failed, skipped: rep.numPendingTests + rep.numTodoTests, seconds },
    code,
    true,
  );
}

interface PlaywrightReport {
  stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: { message?: string }[];
}

function playwright(): SuiteResult {
  banner("end to end: playwright (Chromium, built app, fresh database)");
  const t = Date.now();
  const browser = findBrowser();
  if (!browser.ok) {
    console.log(browser.message);
    return { name: "playwright", passed: 0, failed: 1, skipped: 0, seconds: 0, note: "no Chromium (see above for what to install)" };
  }
  console.log(`Browser: ${browser.path} (${browser.source})`);

  // Build first, in the open: a failing build shows its own output here and stops the suite, instead
  // of surfacing as a web server that never came up.
  console.log("Building the app if the sources changed…");
  const built = run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/build-if-needed.ts"]);
  if (built !== 0) {
    return { name: "playwright", passed: 0, failed: 1, skipped: 0, seconds: (Date.now() - t) / 1000, note: "next build failed (output above)" };
  }

  const out = path.join(reportDir, "playwright.json");
  const code = run(bin("playwright"), ["test"], { E2E_JSON_REPORT: out });
  const seconds = (Date.now() - t) / 1000;
  const rep = readJson<PlaywrightReport>(out);
  if (!rep?.stats) return settle({ name: "playwright", passed: 0, failed: 0, skipped: 0, seconds }, code, false);
  const { expected, unexpected, flaky, skipped } = rep.stats;
  if (expected + unexpected + flaky === 0) {
    return { name: "playwright", passed: 0, failed: 1, skipped, seconds, note: "no tests ran (see the errors above)" };
  }
  // Errors outside any test (web server failed to start, a spec that does not load) fail the run.
  const outside = rep.errors?.length ?? 0;
  const r: SuiteResult = {
    name: "playwright",
    passed: expected + flaky,
    failed: unexpected + (unexpected === 0 ? Math.min(outside, 1) : 0),
    skipped,
    seconds,
    note: flaky ? `${flaky} flaky (passed on retry)` : outside ? `${outside} error(s) outside tests` : undefined,
  };
  return settle(r, code, true);
}

const SUITES = { typecheck, vitest, playwright } as const;

/** `npm test -- --only vitest,playwright` runs a subset (all three by default). */
function selectedSuites(): Array<() => SuiteResult> {
  const i = process.argv.indexOf("--only");
  if (i < 0) return Object.values(SUITES);
  const names = (process.argv[i + 1] ?? "").split(",").filter(Boolean);
  const unknown = names.filter((n) => !(n in SUITES));
  if (!names.length || unknown.length) {
    console.error(`--only takes a comma-separated list of: ${Object.keys(SUITES).join(", ")}`);
    process.exit(2);
  }
  return names.map((n) => SUITES[n as keyof typeof SUITES]);
}

function main() {
  const started = Date.now();
  const suites: SuiteResult[] = [];
  for (const suite of selectedSuites()) {
    try {
      suites.push(suite());
    } catch (e) {
      suites.push({ name: suite.name, passed: 0, failed: 1, skipped: 0, seconds: 0, note: `runner error: ${e instanceof Error ? e.message : e}` });
    }
    const last = suites[suites.length - 1];
    console.log(`\n${last.name}: ${last.passed} passed, ${last.failed} failed${last.skipped ? `, ${last.skipped} skipped` : ""}${last.note ? ` — ${last.note}` : ""}`);
  }
  fs.rmSync(reportDir, { recursive: true, force: true });

  banner("summary");
  for (const s of suites) {
    const status = s.failed ? "FAIL" : "ok  ";
    console.log(
      `${status} ${s.name.padEnd(12)} ${String(s.passed).padStart(5)} passed ${String(s.failed).padStart(4)} failed` +
        `${s.skipped ? ` ${String(s.skipped).padStart(4)} skipped` : ""}  ${s.seconds.toFixed(0).padStart(4)}s${s.note ? `  ${s.note}` : ""}`,
    );
  }
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)}s`);
  const passed = suites.reduce((n, s) => n + s.passed, 0);
  const failed = suites.reduce((n, s) => n + s.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
