// The portal's API keys page: owners (and admins) issue keys for their own tenant; a member has no
// Keys section and gets the portal's 404 for it, like every section their role does not allow.
import { expect, loginAs, test } from "../fixtures";
import { addMember, makeUser, tenantWithOwner } from "../portal/db";
import { check, issueThroughDialog } from "./helpers";

test.describe.configure({ timeout: 90_000 });

test("an owner issues a key on /t/<slug>/keys and it works on the data plane", async ({ page, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "pk");
  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}`);
  await page.getByRole("link", { name: "API keys" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/t/${tenant.slug}/keys$`));
  const secret = await issueThroughDialog(page, "portal backend");
  expect(secret).toMatch(/^tk_/);
  expect(await check(request, secret)).toBe(200);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: "portal backend" })).toBeVisible();
});

test("an admin may manage keys; a member sees no Keys section and gets a 404 there, but sees the quota", async ({ page, request }) => {
  const { tenant } = await tenantWithOwner(request, "pm");
  const admin = await makeUser("pm-admin");
  await addMember(tenant.id, admin.id, "admin");
  await loginAs(page, admin.email, admin.password);
  expect((await page.goto(`/t/${tenant.slug}/keys`))!.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Issue key" })).toBeVisible();

  await page.context().clearCookies();
  const member = await makeUser("pm-member");
  await addMember(tenant.id, member.id, "member");
  await loginAs(page, member.email, member.password);
  await page.goto(`/t/${tenant.slug}`);
  await expect(page.getByRole("heading", { name: "Quota this month" })).toBeVisible();
  await expect(page.getByRole("meter", { name: "Used of api_requests_per_month" })).toBeVisible();
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  expect((await page.goto(`/t/${tenant.slug}/keys`))!.status()).toBe(404);
});
