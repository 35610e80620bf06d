// A tenant's quota overrides as the screens need them: clearing one (back to the plan's value — PATCH
// `quotas` can set a value or null = unlimited, but not "no override"), and the per-quota breakdown
// (plan value, override, effective value, usage this period) for the Quotas tab and the portal.
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/log";
import { applyLocally, changeNotice } from "../db/changes";
import { lockTenant } from "../tenants/lock";
import { db, Prisma } from "../db/client";
import { notFound, parseOrThrow } from "../errors";
import { isWellFormedId } from "../ids";
import { forgetTenant } from "../isolation/router";
import { effectiveQuotas, planQuotas, QUOTA_KEYS, type QuotaKey } from "./effective";
import { METRIC_QUOTA, type Metric } from "./metrics";
import { periodOf } from "./period";
import { usageOf, usedOf } from "./usage";

export const clearOverridesSchema = z.array(z.enum(QUOTA_KEYS, { error: "Unknown quota." }), { error: "Must be a list of quotas." }).min(1, "Choose a quota.");

/** Removes overrides so the plan's values apply again; audit-logged and published like updateTenant. */
export async function clearQuotaOverrides(tenantId: string, keys: unknown, actor: Actor): Promise<void> {
  const quotas = parseOrThrow(clearOverridesSchema, keys, "The change is not valid.");
  if (!isWellFormedId(tenantId, "ten")) throw notFound("Tenant");
  const changed = await db().$transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const t = await tx.tenant.findUnique({ where: { id: tenantId } });
    if (!t || t.status === "deleted") throw notFound("Tenant");
    const current = { ...((t.quotaOverrides ?? {}) as Record<string, unknown>) };
    const removed = quotas.filter((k) => k in current);
    if (removed.length === 0) return false;
    for (const k of removed) delete current[k];
    await tx.tenant.update({ where: { id: tenantId }, data: { quotaOverrides: current as Prisma.InputJsonValue } });
    // Every instance's caches of the tenant's limits drop it when this commits.
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice({ kind: "tenant", id: tenantId }));
    await recordAudit(tx, { actor, action: "tenant.updated", tenantId, data: { quotas_cleared: removed } });
    return true;
  });
  if (!changed) return;
  forgetTenant(tenantId);
  applyLocally({ kind: "tenant", id: tenantId });
}

export interface QuotaRow {
  key: QuotaKey;
  plan: number | null;
  /** undefined: no override; null: overridden to unlimited. */
  override: number | null | undefined;
  effective: number | null;
  /** Usage this period for quotas a metric counts against; null for rates (requests per second). */
  used: number | null;
}

export interface QuotaReport {
  periodStart: string;
  periodEnd: string;
  rows: QuotaRow[];
}

const METRIC_OF = Object.fromEntries(
  Object.entries(METRIC_QUOTA).filter(([, q]) => q !== null).map(([m, q]) => [q, m as Metric]),
) as Partial<Record<QuotaKey, Metric>>;

/** Plan value, override, effective value and current-period usage of each quota of a tenant. */
export async function tenantQuotaReport(tenantId: string): Promise<QuotaReport> {
  const t = isWellFormedId(tenantId, "ten") ? await db().tenant.findUnique({ where: { id: tenantId }, include: { plan: true } }) : null;
  if (!t) throw notFound("Tenant");
  const overrides = (t.quotaOverrides ?? {}) as Record<string, number | null>;
  const plan = planQuotas(t.plan);
  const effective = effectiveQuotas(t.plan, overrides);
  const now = Date.now();
  const usage = await usageOf(tenantId, now);
  const period = periodOf(now);
  return {
    periodStart: new Date(period.start).toISOString(),
    periodEnd: new Date(period.end).toISOString(),
    rows: QUOTA_KEYS.map((key) => {
      const metric = METRIC_OF[key];
      return {
        key,
        plan: plan[key],
        override: key in overrides ? overrides[key] : undefined,
        effective: effective[key],
        used: metric ? usedOf(usage, metric) : null,
      };
    }),
  };
}
