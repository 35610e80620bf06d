// The portal's Billing page against the Stripe double: an owner upgrades through the double's hosted
// Checkout and comes back on the new plan (applied by the webhook the double sends), opens the
// Billing Portal and returns; a member reads the plan and cannot start either.
import type { Request } from "@playwright/test";
import { BASE_URL, expect, loginAs, test } from "../fixtures";
import { addMember, makeUser, sql, tenantWithOwner } from "../portal/db";
import { ensureCatalogue, stripeIdsOf } from "./helpers";
import { stripeDoubleUrl } from "../../scripts/e2e-env";

test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ adminPage }) => {
  await ensureCatalogue(adminPage);
});

async function ready(tenantId: string) {
  await expect.poll(async () => (await stripeIdsOf(tenantId)).customer, { timeout: 30_000 }).toMatch(/^cus_/);
}

test("an owner upgrades through Stripe Checkout and comes back on the new plan; a cancelled checkout changes nothing", async ({ page, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "bup");
  await ready(tenant.id);
  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}`);
  await page.getByRole("navigation", { name: "Tenant sections" }).getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Free plan" }).getByText("Current plan")).toBeVisible();

  // Cancel on Stripe's page: back with a notice, nothing changed.
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(`${stripeDoubleUrl()}/checkout/**`);
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.waitForURL(`**/t/${tenant.slug}/billing?checkout=cancel`);
  await expect(page.getByText("Checkout was cancelled. Nothing was charged and your plan is unchanged.")).toBeVisible();
  expect((await stripeIdsOf(tenant.id)).plan).toBe("free");

  // Pay: the double completes the session, sends checkout.session.completed and the subscription
  // events to the app, and redirects back; the page waits for the webhook's change if it is late.
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(`${stripeDoubleUrl()}/checkout/**`);
  await page.getByRole("button", { name: "Pay and subscribe" }).click();
  await page.waitForURL(`**/t/${tenant.slug}/billing?checkout=success**`);
  await expect(page.getByText("You are now on the Pro plan.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Pro plan" }).getByText("Current plan")).toBeVisible();
  const ids = await stripeIdsOf(tenant.id);
  expect(ids.plan).toBe("pro");
  expect(["active", "trialing"]).toContain(ids.status);
  // The portal's header badge says so too.
  await expect(page.getByRole("banner").getByText("Pro", { exact: true })).toBeVisible();
});

test("Manage billing opens Stripe's billing portal and returns to the portal", async ({ page, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "bmg");
  await ready(tenant.id);
  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}/billing`);
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(`${stripeDoubleUrl()}/portal/**`);
  await expect(page.getByRole("heading", { name: "Billing" })).toBeVisible();
  await page.getByRole("link", { name: "Return" }).click();
  await page.waitForURL(`**/t/${tenant.slug}/billing?portal=return`);
  await expect(page.getByText(/Welcome back/)).toBeVisible();
});

test("a tenant admin may upgrade; a member sees the plan but no Upgrade or Manage billing, and a replayed checkout is refused", async ({ page, browser, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "bmem");
  await ready(tenant.id);
  const admin = await makeUser("bmem-admin");
  await addMember(tenant.id, admin.id, "admin");
  const member = await makeUser("bmem-m");
  await addMember(tenant.id, member.id, "member");

  // The admin's own Upgrade click, captured (it leads to Stripe: admins may start Checkout).
  await loginAs(page, admin.email, admin.password);
  await page.goto(`/t/${tenant.slug}/billing`);
  const waiting = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  const req: Request = await waiting;
  await page.waitForURL(`${stripeDoubleUrl()}/checkout/**`);
  const body = req.postDataBuffer()?.toString("utf8") ?? "";
  const headers = { ...req.headers() };
  for (const k of ["cookie", "content-length", "host"]) delete headers[k];

  const ctx = await browser.newContext({ baseURL: BASE_URL });
  const mp = await ctx.newPage();
  await loginAs(mp, member.email, member.password);
  await mp.goto(`/t/${tenant.slug}`);
  await expect(mp.getByRole("navigation", { name: "Tenant sections" }).getByRole("link", { name: "Billing" })).toHaveCount(0);
  await mp.goto(`/t/${tenant.slug}/billing`);
  await expect(mp.getByRole("region", { name: "Free plan" }).getByText("Current plan")).toBeVisible();
  await expect(mp.getByRole("button", { name: /Upgrade|Switch|Manage billing/ })).toHaveCount(0);
  await expect(mp.getByText(/Only owners and admins of .* can change the plan/)).toBeVisible();

  const audit = async () => (await sql(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1`, [tenant.id]))[0].n as number;
  const before = await audit();
  const replay = await mp.request.fetch(new URL(req.url()).pathname, { method: "POST", headers, data: body, maxRedirects: 0 });
  expect(replay.status()).toBeLessThan(500);
  expect(await replay.text()).toContain("Your role in this tenant does not allow that.");
  expect(replay.headers()["x-action-redirect"]).toBeUndefined();
  expect(await audit()).toBe(before);
  expect((await stripeIdsOf(tenant.id)).plan).toBe("free");
  await ctx.close();
  void owner;
});
