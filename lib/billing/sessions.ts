import type { Actor } from "../audit/log";
export async function createCheckoutSession(tenantId: string, planId: string, urls: { successUrl: string; cancelUrl: string }, actor: Actor): Promise<{ url: string }> { void tenantId; void planId; void urls; void actor; throw new Error("not implemented yet"); }
export async function createBillingPortalSession(tenantId: string, returnUrl: string, actor: Actor): Promise<{ url: string }> { void tenantId; void returnUrl; void actor; throw new Error("not implemented yet"); }
