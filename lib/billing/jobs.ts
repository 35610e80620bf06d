// Billing's background work on the Postgres queue (pg-boss 10): the meter sync every few minutes and
// the dunning sweep every quarter hour. Schedules are kept by pg-boss, so N app instances run each
// tick once. Nothing is scheduled with billing off.
import { queue } from "../jobs/queue";
import { envNumber } from "../env";
import { billingConfig } from "./config";

export const METER_SYNC_QUEUE = "billing-meter-sync";
export const DUNNING_QUEUE = "billing-dunning";

function syncCron(): string {
  const m = envNumber("TENANTRY_BILLING_SYNC_MINUTES", 5, { integer: true, min: 1, max: 59 });
  return `*/${m} * * * *`;
}

export async function startBillingWorkers(): Promise<void> {
  if (!billingConfig().enabled) return;
  const boss = await queue();
  // A pass that overruns its tick must not be joined by the next: one job at a time (singleton).
  await boss.createQueue(METER_SYNC_QUEUE, { name: METER_SYNC_QUEUE, policy: "singleton", retryLimit: 3, retryDelay: 30, retryBackoff: true });
  await boss.createQueue(DUNNING_QUEUE, { name: DUNNING_QUEUE, policy: "singleton", retryLimit: 3, retryDelay: 60 });
  await boss.work(METER_SYNC_QUEUE, async () => {
    const { runMeterSync } = await import("./meter-sync");
    await runMeterSync();
  });
  await boss.work(DUNNING_QUEUE, async () => {
    const { runDunning } = await import("./dunning");
    await runDunning();
  });
  await boss.schedule(METER_SYNC_QUEUE, syncCron());
  await boss.schedule(DUNNING_QUEUE, "*/15 * * * *");
}
