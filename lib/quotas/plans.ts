// Plans as the console shows them: read-only here (plan editing arrives with a later issue).
import { db } from "../db/client";
import { planQuotas, type Quotas } from "./effective";

export interface PlanView {
  id: string;
  name: string;
  quotas: Quotas;
  /** Tenants on the plan, deleted ones excluded. */
  tenantCount: number;
}

export async function listPlans(): Promise<PlanView[]> {
  const [plans, counts] = await Promise.all([
    db().plan.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    db().tenant.groupBy({ by: ["planId"], where: { status: { not: "deleted" } }, _count: { _all: true } }),
  ]);
  const byPlan = new Map(counts.map((c) => [c.planId, c._count._all]));
  return plans.map((p) => ({ id: p.id, name: p.name, quotas: planQuotas(p), tenantCount: byPlan.get(p.id) ?? 0 }));
}
