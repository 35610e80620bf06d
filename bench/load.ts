// What the HTTP benches share for driving load and reading its cost: autocannon (it ships no types; the
// little of its API used here), the CPU a server process used (from /proc), and medians of rounds.
import fs from "node:fs";
import { createRequire } from "node:module";

export interface AcRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
export interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  duration: number;
}
export const autocannon = createRequire(import.meta.url)("autocannon") as (opts: Record<string, unknown>) => Promise<AcResult>;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const USER_HZ = 100;

/** user + system clock ticks and the parent of a process, from /proc/<pid>/stat; undefined when gone. */
function stat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux; NaN elsewhere or once it is gone). */
export function cpuSeconds(pid: number): number {
  const s = stat(pid);
  return s ? s.ticks / USER_HZ : NaN;
}

/** The same for a process and all its descendants. */
export function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s) stats.set(Number(d), s);
  }
  let ticks = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, st] of stats) if (st.ppid === pid) todo.push(child);
  }
  return ticks / USER_HZ;
}

/** What autocannon returns when called without a callback: its event emitter, awaitable, stoppable. */
export type AcTracker = PromiseLike<AcResult> & {
  on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
};
export const autocannonTracked = autocannon as unknown as (opts: Record<string, unknown>) => AcTracker;
