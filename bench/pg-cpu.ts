// PostgreSQL's CPU, attributed to databases: each backend's process title names its database
// ("postgres: <user> <database> <host> <state>"), so sampling /proc often gives the CPU every live
// backend of a database used. What cannot be attributed — the server's own processes (checkpointer,
// WAL writer, …) and the CPU of backends that exited between two samples (the kernel adds it to the
// postmaster's children's time) — is kept as `unattributed`, so the caller can charge it to one side
// as a bound. Linux only.
import fs from "node:fs";

const USER_HZ = 100;

function readStat(pid: number): { ppid: number; own: number; children: number } | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

function titleOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return "";
  }
}

/**
 * Backends read "postgres: user db host state", autovacuum workers "postgres: autovacuum worker db",
 * the server's own processes "postgres: checkpointer" etc.
 */
function databaseOf(title: string): string | undefined {
  const f = title.split(/\s+/);
  if (f[0] !== "postgres:") return undefined;
  if (f[1] === "autovacuum" && f[2] === "worker") return f[3];
  return f.length >= 4 ? f[2] : undefined;
}

export class PgCpu {
  private last = new Map<number, number>();
  private titleOf = new Map<number, string>();
  /** CPU ticks by process title's first words (what kind of process), for a look at where it went. */
  readonly byKind = new Map<string, number>();
  private lastServer?: number;
  private acc = new Map<string, number>();
  private unattributed = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly postmaster: number,
    private readonly databases: string[],
  ) {
    this.sample();
    this.acc.clear();
    this.unattributed = 0;
  }

  /** The postmaster's children now, and what the server ran besides them (itself, exited children). */
  private sample(): void {
    const pm = readStat(this.postmaster);
    if (!pm) return;
    const seen = new Set<number>();
    for (const d of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      const pid = Number(d);
      const st = readStat(pid);
      if (!st || st.ppid !== this.postmaster) continue;
      seen.add(pid);
      // A process sets its title once it knows its database: until then, read it again.
      const title = this.titleOf.get(pid) ?? titleOf(pid);
      const db = databaseOf(title);
      if (db) this.titleOf.set(pid, title);
      // A backend first seen now started after the previous sample: all its CPU is new.
      const delta = st.own - (this.last.get(pid) ?? 0);
      this.last.set(pid, st.own);
      const kind = title.startsWith("postgres: autovacuum worker") ? "autovacuum worker " + db : db ? "backend " + db : title;
      this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + delta);
      if (db && this.databases.includes(db)) this.acc.set(db, (this.acc.get(db) ?? 0) + delta);
      else this.unattributed += delta;
    }
    // An exited child's whole CPU moves into the postmaster's children time once reaped; what was
    // already counted while it lived is taken off, leaving its last moments (and the postmaster's own).
    let counted = 0;
    for (const [pid, ticks] of this.last) {
      if (seen.has(pid)) continue;
      counted += ticks;
      this.last.delete(pid);
      this.titleOf.delete(pid);
    }
    const server = pm.own + pm.children;
    if (this.lastServer !== undefined) this.unattributed += server - this.lastServer - counted;
    this.lastServer = server;
  }

  /** Samples every `everyMs` until stop(). */
  start(everyMs = 100): void {
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU seconds per database, and unattributed, since the last take(); resets them. */
  take(): { byDatabase: Record<string, number>; unattributed: number } {
    this.sample();
    const byDatabase = Object.fromEntries(this.databases.map((d) => [d, (this.acc.get(d) ?? 0) / USER_HZ]));
    const unattributed = this.unattributed / USER_HZ;
    this.acc.clear();
    this.unattributed = 0;
    return { byDatabase, unattributed };
  }
}

/** The postmaster's pid: the parent of a backend of ours. */
export function parentOf(pid: number): number {
  const st = readStat(pid);
  if (!st) throw new Error(`no process ${pid}`);
  return st.ppid;
}
