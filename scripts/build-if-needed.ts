// Builds the Next.js app when the sources changed since the last build (or there is none). The stamp
// is a hash of everything the build reads, kept beside the build in .next/.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const INPUTS = ["app", "components", "lib", "public", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = ".next/tenantry-build-stamp";

function walk(p: string, out: string[]) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isFile()) out.push(p);
  else if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e), out);
}

export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const i of INPUTS) walk(path.join(root, i), files);
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f));
  return h.digest("hex");
}

// One build at a time per checkout (two `npm start`s, or a test run beside a start, share .next/).
function withBuildLock<T>(root: string, fn: () => T): T {
  const lock = path.join(root, ".next-build.lock");
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true }); // left by a killed build
      else if (Date.now() > deadline) throw new Error(`another build holds ${lock}`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function buildIfNeeded(root: string, opts: { force?: boolean } = {}): void {
  withBuildLock(root, () => build(root, opts));
}

function build(root: string, opts: { force?: boolean }): void {
  const hash = sourceHash(root);
  const stampFile = path.join(root, STAMP);
  const built = fs.existsSync(path.join(root, ".next/BUILD_ID")) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === hash;
  if (built && !opts.force) return;
  console.log("Building the app (first start, or the sources changed)…");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  fs.writeFileSync(stampFile, hash);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  buildIfNeeded(process.cwd(), { force: process.argv.includes("--force") });
}
