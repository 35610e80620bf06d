// Editing plans (the console's Plans page; the REST API could reuse it). A change is audit-logged and
// published to every instance in the same transaction, so tenants on the plan get the new limits on
// their next data-plane request.
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/log";
import { applyLocally, changeNotice } from "../db/changes";
import { db } from "../db/client";
import { invalid, notFound, parseOrThrow } from "../errors";
import { planQuotas, quotaOverridesSchema, type Quotas } from "./effective";

export const updatePlanSchema = z.strictObject(
  {
    name: z.string({ error: "Name is required." }).trim().min(1, "Name is required.").max(60, "Name must be at most 60 characters.").optional(),
    quotas: quotaOverridesSchema.optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `Unknown field: ${i.keys.join(", ")}.` : "Must be an object.") },
);
export type UpdatePlanInput = z.input<typeof updatePlanSchema>;

export interface PlanDetail {
  id: string;
  name: string;
  quotas: Quotas;
}

const COLUMN = {
  api_requests_per_month: "apiRequestsPerMonth",
  storage_bytes: "storageBytes",
  file_storage_bytes: "fileStorageBytes",
  realtime_connections: "realtimeConnections",
  requests_per_second: "requestsPerSecond",
} as const;
const BIGINT_COLUMNS = new Set(["apiRequestsPerMonth", "storageBytes", "fileStorageBytes"]);
const INT_MAX = 2_147_483_647;

export async function updatePlan(planId: string, input: unknown, actor: Actor): Promise<PlanDetail> {
  const patch = parseOrThrow(updatePlanSchema, input, "The plan is not valid.");
  // Two of the columns are 32-bit integers.
  for (const k of ["realtime_connections", "requests_per_second"] as const) {
    const v = patch.quotas?.[k];
    if (typeof v === "number" && v > INT_MAX) throw invalid("The plan is not valid.", [{ path: `quotas.${k}`, message: `Must be at most ${INT_MAX}.` }]);
  }
  const row = await db().$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId } });
    if (!plan) throw notFound("Plan");
    const data: Record<string, unknown> = {};
    if (patch.name !== undefined && patch.name !== plan.name) data.name = patch.name;
    for (const [k, v] of Object.entries(patch.quotas ?? {})) {
      if (v === undefined) continue;
      const col = COLUMN[k as keyof typeof COLUMN];
      data[col] = v === null ? null : BIGINT_COLUMNS.has(col) ? BigInt(v) : v;
    }
    if (Object.keys(data).length === 0) return plan;
    const updated = await tx.plan.update({ where: { id: planId }, data });
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice({ kind: "plans" }));
    await recordAudit(tx, {
      actor,
      action: "plan.updated",
      data: { plan: planId, ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.quotas ? { quotas: patch.quotas } : {}) },
    });
    return updated;
  });
  applyLocally({ kind: "plans" });
  return { id: row.id, name: row.name, quotas: planQuotas(row) };
}
