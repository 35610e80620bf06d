// Screens to look at by eye (UI.md): the console's Billing pages and a tenant's Billing tab, the
// portal's Billing page as owner (after an upgrade), as member, and past due, and the plan-change
// dialog refusing, at 1440×900 and 390×844. Written to screenshots/billing/ (git-ignored).
// Runs only when asked: SCREENSHOTS=1 npx playwright test e2e/billing/screenshots.spec.ts
import type { Page } from "@playwright/test";
import { shootAtSizes } from "../screenshots";
import { BASE_URL, expect, loginAs, test } from "../fixtures";
import { addMember, makeUser, sql, tenantWithOwner } from "../portal/db";
import { stripeDoubleUrl } from "../../scripts/e2e-env";
import { double, ensureCatalogue, stripeIdsOf } from "./helpers";

test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write the billing screens' screenshots");
test.describe.configure({ timeout: 240_000 });

const shoot = (page: Page, file: string, go: () => Promise<void>) => shootAtSizes(page, "billing", file, go);

test("billing screens", async ({ adminPage: page, browser, request }) => {
  await ensureCatalogue(page);
  const { tenant, owner } = await tenantWithOwner(request, "shotb");
  await expect.poll(async () => (await stripeIdsOf(tenant.id)).customer, { timeout: 30_000 }).toMatch(/^cus_/);
  const member = await makeUser("shotb-m");
  await addMember(tenant.id, member.id, "member");

  await shoot(page, "console-overview", async () => {
    await page.goto("/billing");
    await page.getByRole("button", { name: "Sync catalogue" }).click();
    await expect(page.getByText(/^Catalogue synced/).first()).toBeVisible({ timeout: 30_000 });
  });
  await shoot(page, "console-prices", async () => {
    await page.goto("/billing/prices");
  });
  await shoot(page, "console-reconciliation", async () => {
    await page.goto("/billing/reconciliation");
  });
  await shoot(page, "console-webhooks", async () => {
    await page.goto("/billing/webhooks");
  });

  // The owner upgrades through the double's checkout, so the tab has a subscription and events.
  const ctx = await browser.newContext({ baseURL: BASE_URL });
  const portal = await ctx.newPage();
  await loginAs(portal, owner.email, owner.password);
  await portal.goto(`/t/${tenant.slug}/billing`);
  await shoot(portal, "portal-owner", async () => {
    await portal.goto(`/t/${tenant.slug}/billing`);
  });
  await portal.getByRole("button", { name: "Upgrade to Pro" }).click();
  await portal.waitForURL(`${stripeDoubleUrl()}/checkout/**`);
  await portal.screenshot({ path: "screenshots/billing/double-checkout.png" });
  await portal.getByRole("button", { name: "Pay and subscribe" }).click();
  await portal.waitForURL(`**/t/${tenant.slug}/billing?checkout=success**`);
  await expect(portal.getByText("You are now on the Pro plan.")).toBeVisible({ timeout: 30_000 });
  await shoot(portal, "portal-after-upgrade", async () => {
    await portal.reload();
    await expect(portal.getByText("You are now on the Pro plan.")).toBeVisible({ timeout: 30_000 });
  });

  await shoot(page, "console-tenant-tab", async () => {
    await page.goto(`/tenants/${tenant.id}/billing`);
  });

  // Stripe refuses a plan change: the dialog says why.
  const { subscription } = await stripeIdsOf(tenant.id);
  await shoot(page, "console-plan-change-refused", async () => {
    await double("fail", { path: `/v1/subscriptions/${subscription}`, method: "POST", status: 402, count: 1 });
    await page.goto(`/tenants/${tenant.id}`);
    await page.getByRole("button", { name: "Change plan" }).click();
    await page.getByRole("alertdialog").getByLabel("Plan").selectOption("enterprise");
    await page.getByRole("alertdialog").getByRole("button", { name: "Change plan" }).click();
    await expect(page.getByRole("alertdialog").getByRole("alert")).toBeVisible();
  });

  // Past due: the banner, as the owner sees it.
  await sql(`UPDATE tenants SET billing_status = 'past_due', billing_grace_ends_at = now() + interval '5 days' WHERE id = $1`, [tenant.id]);
  await shoot(portal, "portal-past-due", async () => {
    await portal.goto(`/t/${tenant.slug}/billing`);
  });
  await ctx.close();

  const mctx = await browser.newContext({ baseURL: BASE_URL });
  const mp = await mctx.newPage();
  await loginAs(mp, member.email, member.password);
  await shoot(mp, "portal-member", async () => {
    await mp.goto(`/t/${tenant.slug}/billing`);
  });
  await mctx.close();
});
