// Helpers for the billing specs: the Stripe double the e2e server runs (its URL is in a file the
// server writes), a priced and synced catalogue, and tenants with billing set up.
import type { APIRequestContext, Page } from "@playwright/test";
import { api, expect, uniqueSlug, type TenantJson } from "../fixtures";
import { sql } from "../portal/db";
import { stripeDoubleUrl } from "../../scripts/e2e-env";

/** A control call to the double (/__double/…): failure injection, state. */
export async function double(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${stripeDoubleUrl()}/__double/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `double ${path}`).toBe(200);
  return res.json();
}

/**
 * Every plan has prices (set here only where a plan has none, so a spec that edits prices keeps its
 * own) and the catalogue is in Stripe. Syncing is idempotent, so specs in parallel may all do it.
 */
export async function ensureCatalogue(page: Page): Promise<void> {
  const defaults: Record<string, number> = { free: 0, pro: 2900, enterprise: 49900 };
  for (const [plan, amount] of Object.entries(defaults)) {
    await sql(`UPDATE plans SET billing_base_amount = $2 WHERE id = $1 AND billing_base_amount IS NULL`, [plan, amount]);
  }
  await sql(
    `INSERT INTO billing_plan_prices (plan_id, metric, unit_amount, per_units, updated_at)
     SELECT id, 'api_requests', 1, 1000, now() FROM plans WHERE id IN ('pro', 'enterprise') ON CONFLICT DO NOTHING`,
  );
  // Another worker may be syncing right now (lib/billing runs one sync at a time and refuses a second):
  // then wait for it and look again.
  const deadline = Date.now() + 90_000;
  for (;;) {
    await page.goto("/billing");
    const catalogue = page.getByRole("region", { name: "Catalogue" });
    await expect(catalogue).toBeVisible();
    if ((await catalogue.getByText("Not synced").count()) === 0) return;
    expect(Date.now(), "the catalogue gets synced").toBeLessThan(deadline);
    await page.getByRole("button", { name: "Sync catalogue" }).click();
    const done = page.getByText(/^Catalogue synced/).first();
    const busy = page.getByText(/already running/).first();
    await expect(done.or(busy)).toBeVisible({ timeout: 60_000 });
    if (await done.isVisible()) return;
    await page.waitForTimeout(2_000);
  }
}

export async function billedTenant(request: APIRequestContext, prefix: string, plan = "free"): Promise<TenantJson> {
  const slug = uniqueSlug(prefix);
  return api(request).createTenant({ name: `Billing ${slug}`, slug, plan, isolation: "shared" });
}

/** The tenant's Stripe ids as Tenantry recorded them (waits for provisioning's billing step). */
export async function stripeIdsOf(tenantId: string): Promise<{ customer: string | null; subscription: string | null; status: string; plan: string }> {
  const [row] = await sql(`SELECT stripe_customer_id AS customer, stripe_subscription_id AS subscription, billing_status AS status, plan_id AS plan FROM tenants WHERE id = $1`, [tenantId]);
  return row as { customer: string | null; subscription: string | null; status: string; plan: string };
}
