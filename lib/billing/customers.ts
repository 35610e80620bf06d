import type { Actor } from "../audit/log";
export async function ensureBillingForTenant(tenantId: string): Promise<void> { void tenantId; throw new Error("not implemented yet"); }
export async function backfillCustomers(actor: Actor): Promise<{ customersCreated: number; subscriptionsCreated: number; errors: string[] }> { void actor; throw new Error("not implemented yet"); }
export async function changeSubscriptionPlan(tenantId: string, planId: string): Promise<void> { void tenantId; void planId; throw new Error("not implemented yet"); }
