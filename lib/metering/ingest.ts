// POST /api/v1/usage after validation: the batch goes to the group-commit writer and is acknowledged
// only once committed. The in-memory quota view and the ingest counters see only the rows actually
// stored (a repeated idempotency key counts once).
import type { UsageBatch } from "../usage/schemas";
import { recordEvents } from "../quotas/usage";
import { countIngested } from "../metrics/registry";
import { writeEvents, type EventRow } from "./writer";

export async function ingestBatch(tenantId: string, batch: UsageBatch, now = Date.now()): Promise<{ accepted: number; stored: number }> {
  const rows: EventRow[] = batch.events.map((e) => ({
    tenantId,
    metric: e.metric,
    value: e.value,
    occurredAt: e.timestamp ? Date.parse(e.timestamp) : now,
    idempotencyKey: e.idempotency_key ?? null,
  }));
  const flags = await writeEvents(rows);
  const stored = rows.filter((_, i) => flags[i]);
  recordEvents(tenantId, stored, now);
  const perMetric = new Map<string, number>();
  for (const r of stored) perMetric.set(r.metric, (perMetric.get(r.metric) ?? 0) + 1);
  countIngested(tenantId, perMetric);
  return { accepted: rows.length, stored: stored.length };
}
