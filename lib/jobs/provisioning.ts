// Retries of tenant provisioning: a tenant left in `provisioning` by an error or a crash is finished
// by this job (pg-boss retries with exponential backoff), and swept up again at every start.
import { queue } from "./queue";

export const PROVISION_QUEUE = "tenant-provision";
// Exponential backoff from 5 s: twelve tries span several hours, enough to outlast an outage.
const QUEUE_OPTIONS = { name: PROVISION_QUEUE, retryLimit: 12, retryDelay: 5, retryBackoff: true };

export async function enqueueProvisioning(tenantId: string, startAfterSeconds = 2): Promise<void> {
  const boss = await queue();
  await boss.createQueue(PROVISION_QUEUE, QUEUE_OPTIONS);
  await boss.send(PROVISION_QUEUE, { tenantId }, { singletonKey: tenantId, startAfter: startAfterSeconds });
}

export async function startProvisioningWorker(): Promise<void> {
  const { provisionTenant, stalledProvisioning } = await import("../tenants/service");
  const boss = await queue();
  await boss.createQueue(PROVISION_QUEUE, QUEUE_OPTIONS);
  await boss.work<{ tenantId: string }>(PROVISION_QUEUE, async (jobs) => {
    for (const job of jobs) await provisionTenant(job.data.tenantId);
  });
  // Tenants a crash left mid-way (older than a minute, so a create in flight is not raced).
  for (const id of await stalledProvisioning(60_000)) await enqueueProvisioning(id, 0);
}
