// Dunning: a tenant left past_due or unpaid beyond TENANTRY_BILLING_GRACE_DAYS is suspended (actor
// "billing", audit-logged); once paid, the webhook resumes it — and this sweep resumes any such tenant
// a lost follow-up missed. Only suspensions made by billing are lifted by billing.
import { db } from "../db/client";
import { BILLING_ACTOR } from "./customers";

export async function runDunning(now = Date.now()): Promise<{ suspended: string[]; resumed: string[] }> {
  const { resumeTenant, suspendTenant } = await import("../tenants/service");
  const out = { suspended: [] as string[], resumed: [] as string[] };
  const overdue = await db().tenant.findMany({
    where: { status: "active", billingStatus: { in: ["past_due", "unpaid"] }, billingGraceEndsAt: { lte: new Date(now) } },
    select: { id: true },
    take: 1000,
  });
  for (const t of overdue) {
    try {
      await suspendTenant(t.id, BILLING_ACTOR);
      out.suspended.push(t.id);
    } catch (e) {
      console.error(`[billing] dunning could not suspend ${t.id}:`, e instanceof Error ? e.message : e);
    }
  }
  const paid = await db().tenant.findMany({
    where: { status: "suspended", billingSuspendedAt: { not: null }, billingStatus: { in: ["active", "trialing"] } },
    select: { id: true },
    take: 1000,
  });
  for (const t of paid) {
    try {
      await resumeTenant(t.id, BILLING_ACTOR);
      out.resumed.push(t.id);
    } catch (e) {
      console.error(`[billing] dunning could not resume ${t.id}:`, e instanceof Error ? e.message : e);
    }
  }
  return out;
}
