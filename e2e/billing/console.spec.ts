// Billing in the console, against the Stripe double the e2e server runs: prices and the catalogue
// sync, a tenant's Billing tab, and an admin plan change that Stripe refuses.
import { createUser, expect, loginAs, test, uniqueSlug } from "../fixtures";
import { sql } from "../portal/db";
import { billedTenant, double, ensureCatalogue, stripeIdsOf } from "./helpers";

test.describe.configure({ timeout: 120_000 });

test("an admin prices a plan, sees the catalogue out of sync, syncs it and sees it synced; bad prices are refused inline", async ({ adminPage: page }) => {
  await ensureCatalogue(page);
  await page.goto("/billing/prices");
  const form = page.getByRole("form", { name: "Prices of Enterprise" });

  // Refused inline, nothing saved.
  const before = await sql(`SELECT billing_base_amount FROM plans WHERE id = 'enterprise'`);
  await form.getByLabel("Base price per month").fill("-3");
  await form.getByLabel("API requests price").fill("0.001");
  await form.getByRole("button", { name: "Save Enterprise prices" }).click();
  await expect(form.getByText("Enter an amount such as 29.00.")).toBeVisible();
  await expect(form.getByText(/At most 2 decimals/)).toBeVisible();
  await expect(form.getByRole("alert")).toHaveText("Nothing was saved: fix the fields marked above.");
  expect(await sql(`SELECT billing_base_amount FROM plans WHERE id = 'enterprise'`)).toEqual(before);

  // A new base price, unique to this run so the catalogue certainly differs from Stripe.
  const cents = 40_000 + Math.floor(Math.random() * 9_000);
  await form.getByLabel("Base price per month").fill((cents / 100).toFixed(2));
  await form.getByLabel("API requests price").fill("0.02");
  await form.getByRole("button", { name: "Save Enterprise prices" }).click();
  await expect(page.getByText("Prices saved.").first()).toBeVisible();
  expect((await sql(`SELECT billing_base_amount FROM plans WHERE id = 'enterprise'`))[0].billing_base_amount).toBe(cents);

  await page.goto("/billing");
  const row = page.getByRole("row", { name: /Catalogue Enterprise/ });
  await expect(row.getByText("Not synced")).toBeVisible();
  await page.getByRole("button", { name: "Sync catalogue" }).click();
  await expect(page.getByText(/^Catalogue synced/).first()).toBeVisible({ timeout: 30_000 });
  // The report names what changed; the table shows the plan in Stripe with its new price.
  await expect(page.getByRole("status").filter({ hasText: /Created|Archived|Updated/ })).toBeVisible();
  await expect(row.getByText("Synced", { exact: true })).toBeVisible();
  await expect(row.getByText(/^prod_/)).toBeVisible();
  const basePrice = (await sql(`SELECT stripe_base_price_id FROM plans WHERE id = 'enterprise'`))[0].stripe_base_price_id as string;
  await expect(row.getByText(basePrice)).toBeVisible();

  // Running it again changes nothing.
  await page.getByRole("button", { name: "Sync catalogue" }).click();
  await expect(page.getByText("Catalogue synced: Stripe was already up to date.").first()).toBeVisible({ timeout: 30_000 });
  expect((await sql(`SELECT stripe_base_price_id FROM plans WHERE id = 'enterprise'`))[0].stripe_base_price_id).toBe(basePrice);
});

test("a viewer reads the billing pages and finds no button that changes anything", async ({ page, adminPage, request }) => {
  await ensureCatalogue(adminPage);
  const t = await billedTenant(request, "bv", "pro");
  const viewer = await createUser(`viewer-${uniqueSlug("bv")}@example.com`, "viewer-password-123", "viewer");
  await loginAs(page, viewer.email, viewer.password);
  await page.goto("/billing");
  await expect(page.getByRole("region", { name: "Catalogue" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Sync/ })).toHaveCount(0);
  await page.goto("/billing/prices");
  await expect(page.getByRole("region", { name: "Pricing Pro" })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await page.goto(`/tenants/${t.id}/billing`);
  await expect(page.getByRole("region", { name: "Subscription" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Sync now|Change plan/ })).toHaveCount(0);
});

test("a tenant's Billing tab shows its Stripe customer and subscription with dashboard links, status and period", async ({ adminPage: page, request }) => {
  await ensureCatalogue(page);
  const t = await billedTenant(request, "btab", "pro");
  await expect.poll(async () => (await stripeIdsOf(t.id)).subscription, { timeout: 30_000 }).toMatch(/^sub_/);
  const ids = await stripeIdsOf(t.id);

  await page.goto(`/tenants/${t.id}`);
  await page.getByRole("navigation", { name: "Tenant sections" }).getByRole("link", { name: "Billing" }).click();
  await expect(page).toHaveURL(`/tenants/${t.id}/billing`);
  const sub = page.getByRole("region", { name: "Subscription" });
  const customer = sub.getByRole("link", { name: `${ids.customer} in the Stripe dashboard` });
  await expect(customer).toHaveAttribute("href", new RegExp(`/customers/${ids.customer}$`));
  await expect(sub.getByRole("link", { name: `${ids.subscription} in the Stripe dashboard` })).toHaveAttribute("href", new RegExp(`/subscriptions/${ids.subscription}$`));
  await expect(sub.getByText(/^(Active|Trialing|Past due|Unpaid|Canceled|No subscription)$/)).toBeVisible();
  await expect(sub.getByText(/^[A-Z][a-z]{2} \d{1,2} – [A-Z][a-z]{2} \d{1,2}, \d{4}$/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Estimate" }).getByRole("table", { name: "Estimate for the current period" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Invoices" })).toBeVisible();

  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/Sent \d+ usage report|Stripe already has all of this tenant's usage/).first()).toBeVisible({ timeout: 30_000 });
});

test("a Stripe failure on an admin plan change shows Stripe's reason and the plan stays", async ({ adminPage: page, request }) => {
  await ensureCatalogue(page);
  const t = await billedTenant(request, "bfail", "free");
  await expect.poll(async () => (await stripeIdsOf(t.id)).subscription, { timeout: 30_000 }).toMatch(/^sub_/);
  const { subscription } = await stripeIdsOf(t.id);
  // Only this tenant's subscription fails (the double is shared by every spec running meanwhile).
  await double("fail", { path: `/v1/subscriptions/${subscription}`, method: "POST", status: 402, count: 1 });

  await page.goto(`/tenants/${t.id}`);
  await page.getByRole("button", { name: "Change plan" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Plan").selectOption("pro");
  await expect(dialog.getByText(/Stripe subscription moves/)).toBeVisible();
  await dialog.getByRole("button", { name: "Change plan" }).click();
  // lib/billing's sentence: "Stripe refused the plan change, so the plan is unchanged: Stripe answered 402: …"
  await expect(dialog.getByRole("alert")).toContainText(/Stripe refused the plan change.*402/);
  expect((await stripeIdsOf(t.id)).plan).toBe("free");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.locator("h1").locator("..").getByText("Free", { exact: true })).toBeVisible();

  // Stripe answers again: the same change goes through and the header shows it.
  await page.getByRole("button", { name: "Change plan" }).click();
  await dialog.getByLabel("Plan").selectOption("pro");
  await dialog.getByRole("button", { name: "Change plan" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/is now on the Pro plan/).first()).toBeVisible();
  expect((await stripeIdsOf(t.id)).plan).toBe("pro");
});
