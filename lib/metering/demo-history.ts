// Usage history for the demo tenants, so a fresh `npm start` shows charts with a shape: every metric but
// database storage (measured, not invented) once an hour for the last 90 days, with a daily rhythm, quieter weekends and slow growth. Written
// in one statement (all or nothing) through the ingest writer; deterministic (a
// seeded generator), so two demos look alike. Runs only with the rest of the demo seed, on an empty
// database.
import { writeEvents, type EventRow } from "./writer";
import { periodOf } from "../quotas/period";
import type { Metric } from "../quotas/metrics";

export interface DemoUsageProfile {
  tenantId: string;
  /** API requests in an average hour (before the daily and weekly rhythm). */
  requestsPerHour: number;
  /**
   * Alternatively: aim the current month's requests so far at this many (e.g. 85 % of a small quota,
   * so the dashboard has a tenant near its quota). Wins over requestsPerHour.
   */
  requestsThisMonth?: number;
  /**
   * File storage at the start and the end of the history, bytes. Database storage (storage_bytes) is
   * not made up: the storage sampler measures it from PostgreSQL, and an invented history would end
   * in a cliff at the first real sample.
   */
  fileStorage: [number, number];
  /** Realtime connections at the daily peak. */
  peakConnections: number;
}

const HOUR = 3_600_000;

/** mulberry32: small, fast, good enough for demo noise. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Busy in the (UTC) working day, quiet at night, quieter at weekends, growing over the history. */
function rhythm(t: number, progress: number): number {
  const d = new Date(t);
  const hour = d.getUTCHours();
  const daily = 0.55 + 0.45 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) + 0.15;
  const weekly = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.6 : 1;
  return daily * weekly * (0.7 + 0.3 * progress);
}

/** The rows: one per tenant, metric and hour in [now - days, now). */
export function demoUsageRows(profiles: readonly DemoUsageProfile[], days = 90, now = Date.now()): EventRow[] {
  const end = Math.floor(now / HOUR) * HOUR;
  const start = end - days * 24 * HOUR;
  const month = periodOf(now).start;
  const rows: EventRow[] = [];
  profiles.forEach((p, i) => {
    const r = rng(0x7e4a47 + i * 7919);
    let perHour = p.requestsPerHour;
    if (p.requestsThisMonth !== undefined) {
      let shape = 0;
      for (let t = Math.max(start, month); t < end; t += HOUR) shape += rhythm(t, (t - start) / (end - start));
      if (shape > 0) perHour = p.requestsThisMonth / shape;
    }
    const push = (metric: Metric, value: number, t: number) => rows.push({ tenantId: p.tenantId, metric, value, occurredAt: t, idempotencyKey: null });
    for (let t = start; t < end; t += HOUR) {
      const progress = (t - start) / (end - start);
      const shape = rhythm(t, progress);
      const at = t + Math.floor(r() * 50) * 60_000; // somewhere in the hour, as real reports are
      const requests = p.requestsThisMonth !== undefined && t >= month ? perHour * shape : Math.round(perHour * shape * (0.85 + 0.3 * r()));
      push("api_requests", Math.round(requests), at);
      push("egress_bytes", Math.round(requests * (1800 + 1400 * r())), at);
      push("read_ops", Math.round(requests * (2.5 + r())), at);
      push("write_ops", Math.round(requests * (0.3 + 0.2 * r())), at);
      push("file_storage_bytes", Math.round(p.fileStorage[0] + (p.fileStorage[1] - p.fileStorage[0]) * progress), at);
      push("realtime_connections", Math.round(p.peakConnections * (shape / 1.3) * (0.8 + 0.2 * r())), at);
    }
  });
  return rows;
}

/**
 * Writes the history through the ingest writer (one request is one statement: all or nothing). The
 * table is partitioned by received time, so every row lands in today's partition (made at start);
 * the rollup job then files the rows under their own (past) hours and days like any others.
 */
export async function seedDemoUsage(profiles: readonly DemoUsageProfile[], days = 90, now = Date.now()): Promise<number> {
  const rows = demoUsageRows(profiles, days, now);
  if (rows.length === 0) return 0;
  await writeEvents(rows);
  return rows.length;
}
