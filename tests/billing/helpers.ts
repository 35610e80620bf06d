// Billing tests run the real `stripe` SDK against the Stripe double (stripe-double/), started per file.
// The run's database is shared by every test file, so each billing file first forgets the Stripe ids a
// previous file's double handed out.
import Stripe from "stripe";
import { startStripeDouble, type RunningDouble } from "../../stripe-double";
import { sql } from "../setup/db";

export const WEBHOOK_SECRET = "whsec_test_tenantry_0123456789";
export const system = { type: "system", label: "billing test" } as const;

export async function resetBillingState(): Promise<void> {
  await sql(`UPDATE plans SET stripe_product_id = NULL, stripe_base_price_id = NULL, stripe_base_price_sig = NULL, billing_synced_at = NULL`);
  await sql(`UPDATE billing_plan_prices SET stripe_price_id = NULL, stripe_price_sig = NULL`);
  // The default plans' starting prices (as the billing migration sets them): a file that edits prices
  // must not change what the next file's estimates and invoices expect.
  await sql(`UPDATE plans SET billing_currency = 'usd', billing_base_amount = CASE id WHEN 'free' THEN 0 WHEN 'pro' THEN 2900 WHEN 'enterprise' THEN 49900 END
             WHERE id IN ('free', 'pro', 'enterprise')`);
  await sql(`DELETE FROM billing_plan_prices`);
  await sql(
    `INSERT INTO billing_plan_prices (plan_id, metric, unit_amount, per_units, updated_at)
     SELECT p.id, m.metric, m.unit_amount, m.per_units, now() FROM plans p
     CROSS JOIN (VALUES ('api_requests', 1, 1000), ('egress_bytes', 9, 1000000000), ('storage_bytes', 25, 1000000000)) AS m(metric, unit_amount, per_units)
     WHERE p.id IN ('pro', 'enterprise')`,
  );
  await sql(`DELETE FROM billing_meters`);
  await sql(`DELETE FROM billing_meter_reports`);
  await sql(`DELETE FROM stripe_events`);
  await sql(`DELETE FROM billing_state`);
  await sql(
    `UPDATE tenants SET stripe_customer_id = NULL, stripe_subscription_id = NULL, stripe_item_ids = '{}', billing_status = 'none',
       billing_status_changed_at = NULL, billing_period_start = NULL, billing_period_end = NULL, billing_grace_ends_at = NULL,
       billing_suspended_at = NULL, billing_state_at = NULL, billing_error = NULL`,
  );
  // Tenants other test files left behind are not this file's business: keep them out of backfills.
  await sql(`UPDATE tenants SET status = 'deleted', deleted_at = now() WHERE status <> 'deleted'`);
}

/** Starts a double, points lib/billing at it (billing on) and resets the recorded Stripe state. */
export async function startBilling(opts: { webhookUrl?: string } = {}): Promise<RunningDouble> {
  await resetBillingState();
  const d = await startStripeDouble({ webhookSecret: WEBHOOK_SECRET, webhookUrl: opts.webhookUrl });
  process.env.STRIPE_SECRET_KEY = "sk_test_tenantry_tests";
  process.env.STRIPE_API_BASE = d.url;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  return d;
}

export async function stopBilling(d: RunningDouble | undefined): Promise<void> {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_API_BASE;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  await d?.close();
}

/** An SDK client of the test's own, to look at the double as Stripe would answer. */
export function stripeFor(d: RunningDouble): Stripe {
  const u = new URL(d.url);
  return new Stripe("sk_test_inspector", { host: u.hostname, port: Number(u.port), protocol: "http" });
}

export function signed(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
}
