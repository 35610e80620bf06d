// The child processes benches start (the production server, the data-plane server, the Stripe double)
// and stop: one way to wait for a child's "ready" line and one way to stop it, for every bench.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/** Starts `node <args>` (in `cwd`, default this one) and resolves once its stdout matches `ready` (its stderr is passed through). */
export function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, cwd?: string): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve({ child, match: m });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => process.stderr.write(`[server] ${d}`));
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}

/**
 * The production server (`scripts/start.ts`: migrate, build if needed, serve, workers), run with
 * `node --import tsx` rather than the tsx CLI so that stopping the child stops the server itself.
 */
export async function startApp(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return (await startChild([...profileArgs(), "--import", "tsx", "scripts/start.ts"], env, /Tenantry is running at/)).child;
}

/**
 * `BENCH_CPU_PROF=<dir>` profiles the server under test (V8 .cpuprofile files, written when it stops;
 * open them in Chrome DevTools). NODE_OPTIONS cannot carry --cpu-prof, hence this.
 */
export function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
}

/** SIGTERM (the child flushes what it buffered), SIGKILL after `graceMs` if it has not exited. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
  });
}

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => ok(p));
    });
  });
}
