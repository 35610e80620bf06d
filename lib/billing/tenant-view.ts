import type { TenantBillingView } from "./types";
export async function tenantBilling(tenantId: string): Promise<TenantBillingView> { void tenantId; throw new Error("not implemented yet"); }
