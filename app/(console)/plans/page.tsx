import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { listPlans } from "@/lib/quotas/plans";
import { QUOTA_KEYS } from "@/lib/quotas/effective";
import { PageHeader } from "@/components/page-header";
import { PlanEditor } from "@/components/quotas/plan-editor";
import { updatePlanAction } from "./actions";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const p = await requireConsolePage("platform:read", "/plans");
  const plans = await listPlans();
  const canEdit = can(p, "platform:write");
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Plans"
        description={
          canEdit
            ? "The plans tenants subscribe to and the quotas each includes. A change applies to every tenant on the plan on its next request, except where the tenant has its own override (its Quotas tab)."
            : "The plans tenants subscribe to and the quotas each includes. A tenant's own overrides show on its Quotas tab."
        }
      />
      <PlanEditor plans={plans} keys={QUOTA_KEYS} action={canEdit ? updatePlanAction : undefined} />
    </div>
  );
}
