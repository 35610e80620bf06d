// Billing configuration from the environment, and the one Stripe client. Billing is on iff
// STRIPE_SECRET_KEY is set; everything else in Tenantry works without it.
import Stripe from "stripe";
import type { BillingConfig } from "./types";

const DEFAULT_GRACE_DAYS = 7;

function graceDays(): number {
  const raw = process.env.TENANTRY_BILLING_GRACE_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_GRACE_DAYS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`TENANTRY_BILLING_GRACE_DAYS must be a non-negative number, got "${raw}"`);
  return n;
}

export function billingConfig(): BillingConfig {
  const key = process.env.STRIPE_SECRET_KEY || "";
  const enabled = key.length > 0;
  const apiBase = process.env.STRIPE_API_BASE || null;
  const mode = !enabled ? "off" : key.startsWith("sk_live_") || key.startsWith("rk_live_") ? "live" : "test";
  const dashboardUrl = process.env.STRIPE_DASHBOARD_URL || (mode === "live" ? "https://dashboard.stripe.com" : "https://dashboard.stripe.com/test");
  const webhooksEnabled = !!process.env.STRIPE_WEBHOOK_SECRET;
  const problems: string[] = [];
  if (!enabled) problems.push("STRIPE_SECRET_KEY is not set: billing is off (tenants are not billed; everything else works).");
  if (!webhooksEnabled) {
    problems.push("STRIPE_WEBHOOK_SECRET is not set: POST /api/webhooks/stripe refuses every event, so payments, failures and cancellations do not reach Tenantry.");
  }
  return { enabled, apiBase, dashboardUrl: dashboardUrl.replace(/\/+$/, ""), mode, webhooksEnabled, graceDays: graceDays(), problems };
}

/** STRIPE_API_BASE ("http://127.0.0.1:12111") as the SDK's host/port/protocol settings. */
export function apiBaseSettings(base: string | null): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (!base) return {};
  const u = new URL(base);
  const protocol = u.protocol === "http:" ? "http" : "https";
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === "http" ? 80 : 443, protocol };
}

type Globals = { __tenantryStripe?: { key: string; base: string | null; client: Stripe }; __tenantryStripeVerifier?: Stripe };
const g = globalThis as Globals;

/**
 * The Stripe client for the configured key and base (rebuilt when either changes, which tests do).
 * The SDK retries connection errors, 409s and 5xx itself with backoff (maxNetworkRetries), sending the
 * same Idempotency-Key each time. A caller with a retry loop of its own turns this off per request
 * (`{ maxNetworkRetries: 0 }`, as the meter sync does) so that one policy owns the attempts.
 */
export function stripe(): Stripe {
  const cfg = billingConfig();
  const key = process.env.STRIPE_SECRET_KEY || "";
  if (!cfg.enabled) throw new Error("billing is off (STRIPE_SECRET_KEY is not set)");
  const cached = g.__tenantryStripe;
  if (cached && cached.key === key && cached.base === cfg.apiBase) return cached.client;
  const client = new Stripe(key, {
    ...apiBaseSettings(cfg.apiBase),
    maxNetworkRetries: 3,
    timeout: 20_000,
    appInfo: { name: "Tenantry" },
  });
  g.__tenantryStripe = { key, base: cfg.apiBase, client };
  return client;
}

/** A Stripe SDK object only for webhook signature checks (no key needed); made once, it is not cheap. */
export function webhookVerifier(): Stripe {
  return (g.__tenantryStripeVerifier ??= new Stripe("sk_test_webhook_only"));
}
