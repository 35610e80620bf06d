// lib/billing: Stripe billing for Tenantry — the public API the screens, server actions, route handler,
// jobs and commands use. Everything here is safe to call with billing off: reads say so (enabled:
// false, empty lists), actions throw a DomainError whose message says what to configure.
//
// Modules: config (env, Stripe client) · pricing (what plans cost, in Tenantry) · catalogue (plans →
// Stripe products, prices, meters) · customers (customer + subscription per tenant, plan changes) ·
// sessions (Checkout, Billing Portal) · webhooks · meter-sync (the usage ledger) · reconcile ·
// dunning · tenant-view · jobs (pg-boss workers).
export * from "./types";
export { billingConfig } from "./config";
export { checkConnection } from "./connection";
export { planPricingSchema, planPricing, setPlanPricing, type PlanPricingInput } from "./pricing";
export { catalogue, syncCatalogue, syncAll } from "./catalogue";
export { ensureBillingForTenant, backfillCustomers, changeSubscriptionPlan } from "./customers";
export { createCheckoutSession, createBillingPortalSession } from "./sessions";
export { handleStripeWebhook, recentWebhookEvents } from "./webhooks";
export { runMeterSync, meterSyncState } from "./meter-sync";
export { reconciliation } from "./reconcile";
export { runDunning } from "./dunning";
export { tenantBilling } from "./tenant-view";
export { startBillingWorkers } from "./jobs";
