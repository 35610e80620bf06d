// Housekeeping the maintenance job runs hourly (the partitions part also once at start): daily
// partitions ahead and for stray rows, the retention drop, and idempotency keys past their 24 hours.
import { pool } from "../db/pool";
import { maintainPartitions } from "./partitions";

export async function purgeIdempotencyKeys(): Promise<number> {
  // In slices, so a large purge never holds many row locks or one long transaction.
  let total = 0;
  for (;;) {
    const r = await pool().query(
      `DELETE FROM usage_idempotency WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM usage_idempotency WHERE created_at < now() - interval '24 hours' LIMIT 10000))`,
    );
    total += r.rowCount ?? 0;
    if ((r.rowCount ?? 0) < 10000) return total;
  }
}

export async function runMaintenance(now = Date.now()): Promise<{ created: number; dropped: number; purgedKeys: number }> {
  const { created, dropped } = await maintainPartitions(now);
  const purgedKeys = await purgeIdempotencyKeys();
  return { created: created.length, dropped: dropped.length, purgedKeys };
}
