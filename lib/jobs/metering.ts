// Metering's background jobs on pg-boss:
//   usage-rollup       brings the rollups up to date; re-sends itself every TENANTRY_ROLLUP_INTERVAL_S
//                      (a `stately` queue: at most one queued and one running, whatever the number of
//                      instances), with a once-a-minute schedule that restarts the chain if a crash
//                      broke it. Two runs at once are harmless anyway (the cursor row is locked NOWAIT).
//   usage-maintenance  hourly: partitions ahead, retention, expired idempotency keys.
//   usage-storage      every TENANTRY_STORAGE_SAMPLE_MINUTES: storage_bytes per tenant.
import { meteringSettings } from "../metering/settings";
import { queue } from "./queue";

export const ROLLUP_QUEUE = "usage-rollup";
export const MAINTENANCE_QUEUE = "usage-maintenance";
export const STORAGE_QUEUE = "usage-storage";

async function ensureQueues() {
  const boss = await queue();
  // Short expiry: a run that hangs must not block the next for pg-boss's default 15 minutes.
  await boss.createQueue(ROLLUP_QUEUE, { name: ROLLUP_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 300 });
  await boss.createQueue(MAINTENANCE_QUEUE, { name: MAINTENANCE_QUEUE, policy: "stately", retryLimit: 3, retryDelay: 30 });
  await boss.createQueue(STORAGE_QUEUE, { name: STORAGE_QUEUE, policy: "stately", retryLimit: 1, retryDelay: 60 });
  return boss;
}

async function sendNextRollup(): Promise<void> {
  const boss = await queue();
  await boss.send(ROLLUP_QUEUE, {}, { startAfter: meteringSettings.rollupIntervalSeconds }).catch((e: Error) => console.error("[metering] could not schedule the next rollup:", e.message));
}

export async function startMeteringWorkers(): Promise<void> {
  const { runRollup } = await import("../metering/rollup");
  const { runMaintenance } = await import("../metering/maintenance");
  const { sampleStorage } = await import("../metering/storage");
  const boss = await ensureQueues();

  await boss.work(ROLLUP_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    try {
      await runRollup();
    } finally {
      await sendNextRollup();
    }
  });
  await boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    const r = await runMaintenance();
    if (r.created || r.dropped) console.log(`[metering] partitions: ${r.created} created, ${r.dropped} dropped (retention ${meteringSettings.retentionDays} days)`);
  });
  await boss.work(STORAGE_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    await sampleStorage();
  });

  await boss.schedule(ROLLUP_QUEUE, "* * * * *");
  await boss.schedule(MAINTENANCE_QUEUE, "17 * * * *");
  const every = Math.max(1, Math.min(59, Math.round(meteringSettings.storageSampleMinutes)));
  await boss.schedule(STORAGE_QUEUE, `*/${every} * * * *`);
  await boss.send(ROLLUP_QUEUE, {});
  await boss.send(STORAGE_QUEUE, {}, { startAfter: 30 });
}
