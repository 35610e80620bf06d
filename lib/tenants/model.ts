// The tenant as the API and the screens see it (snake_case, effective quotas).
import type { Plan, Tenant } from "../generated/control/client";
import { effectiveQuotas, type Quotas } from "../quotas/effective";
import type { IsolationTier, PlanId, TenantStatusValue } from "./schemas";

export type TenantRow = Tenant & { plan: Plan };

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  plan: PlanId;
  status: TenantStatusValue;
  isolation: IsolationTier;
  region: string;
  quotas: Quotas;
  quota_overrides: Partial<Quotas>;
  metadata: Record<string, unknown>;
  template_version: string | null;
  provisioning_error: string | null;
  created_at: string;
  updated_at: string;
}

export function toTenantView(t: TenantRow): TenantView {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    plan: t.planId as PlanId,
    status: t.status,
    isolation: t.isolation,
    region: t.region,
    quotas: effectiveQuotas(t.plan, t.quotaOverrides),
    quota_overrides: (t.quotaOverrides ?? {}) as Partial<Quotas>,
    metadata: (t.metadata ?? {}) as Record<string, unknown>,
    template_version: t.templateVersion,
    provisioning_error: t.provisioningError,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
