// Roles through the portal: an owner's change shows in the member's very next request, the last
// owner can be neither demoted nor removed, inviting refuses bad input inline, and platform staff
// "view as" read-only with a banner and one audit entry.
import { test, expect, api, BASE_URL, loginAs, uniqueSlug } from "../fixtures";
import { addMember, makeUser, roleOf, sql, tenantWithOwner } from "./db";

// Several sign-ins (scrypt) and a server shared with other work: give each test room.
test.describe.configure({ timeout: 120_000 });

test("an owner changes a member's role and the member's next request shows it", async ({ page, browser, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "roles");
  const member = await makeUser("member");
  await addMember(tenant.id, member.id, "member");

  const memberContext = await browser.newContext({ baseURL: BASE_URL });
  const mp = await memberContext.newPage();
  await loginAs(mp, member.email, member.password);
  await mp.goto(`/t/${tenant.slug}`);
  const nav = mp.getByRole("navigation", { name: "Tenant sections" });
  await expect(nav.getByRole("link")).toHaveText(["Overview", "Usage"]);
  expect((await mp.goto(`/t/${tenant.slug}/settings`))!.status()).toBe(404);

  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}/members`);
  await page.getByLabel(`Role of ${member.email}`).selectOption("admin");
  await expect(page.getByText(`${member.email} is now admin.`).first()).toBeVisible();
  expect(await roleOf(tenant.id, member.id)).toBe("admin");

  await mp.goto(`/t/${tenant.slug}`);
  await expect(nav.getByRole("link")).toHaveText(["Overview", "Usage", "API keys", "Billing", "Settings"]);
  expect((await mp.goto(`/t/${tenant.slug}/settings`))!.status()).toBe(200);
  await expect(mp.getByLabel("Tenant name")).toBeEditable();

  await page.getByLabel(`Role of ${member.email}`).selectOption("owner");
  await expect(page.getByText(`${member.email} is now owner.`).first()).toBeVisible();
  await mp.reload();
  await expect(nav.getByRole("link")).toHaveText(["Overview", "Usage", "API keys", "Members", "Billing", "Settings"]);

  // Removed: the next request is a 404, as for any tenant one does not belong to.
  await page.getByRole("button", { name: `Remove ${member.email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  // An open modal hides the page from the accessibility tree, so wait for it to close first.
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: member.email, exact: true })).toHaveCount(0);
  expect(await roleOf(tenant.id, member.id)).toBeNull();
  expect((await mp.goto(`/t/${tenant.slug}`))!.status()).toBe(404);
  await memberContext.close();
});

test("the last owner cannot be demoted or removed, with a readable reason", async ({ page, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "last");
  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}/members`);

  await page.getByLabel(`Role of ${owner.email}`).selectOption("member");
  await expect(page.getByRole("alert").filter({ hasText: "only owner" }).first()).toBeVisible();
  await expect(page.getByLabel(`Role of ${owner.email}`)).toHaveValue("owner");
  expect(await roleOf(tenant.id, owner.id)).toBe("owner");

  await page.getByRole("button", { name: `Remove ${owner.email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "only owner cannot be removed" }).first()).toBeVisible();
  expect(await roleOf(tenant.id, owner.id)).toBe("owner");
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Tenant sections" }).getByRole("link")).toHaveText(["Overview", "Usage", "API keys", "Members", "Billing", "Settings"]);
});

test("inviting refuses an invalid email, an existing member and a duplicate pending invitation inline", async ({ page, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "bad");
  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}/members`);
  const pending = `${uniqueSlug("pending")}@example.test`;
  await page.getByRole("button", { name: "Invite member" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(pending);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByLabel("Invitation link")).toBeVisible();
  await page.keyboard.press("Escape");

  for (const [email, message] of [
    ["not an email", "Enter a valid email address."],
    [owner.email, "already a member"],
    [pending.toUpperCase(), "already has a pending invitation"],
  ] as const) {
    await page.getByRole("button", { name: "Invite member" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(dialog.getByText(message)).toBeVisible();
    await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByLabel("Invitation link")).toHaveCount(0);
    await page.keyboard.press("Escape");
  }
  expect(await sql("SELECT 1 FROM invitations WHERE tenant_id = $1", [tenant.id])).toHaveLength(1);
});

test("platform staff view a tenant's portal read-only, clearly marked, audited once", async ({ adminPage, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "viewas");
  for (const path of [`/t/${tenant.slug}`, `/t/${tenant.slug}/members`, `/t/${tenant.slug}/settings`]) {
    expect((await adminPage.goto(path))!.status()).toBe(200);
    await expect(adminPage.getByText("Viewing as platform admin — read-only")).toBeVisible();
  }
  await expect(adminPage.getByLabel("Tenant name")).toBeDisabled();
  await expect(adminPage.getByRole("button", { name: "Save" })).toHaveCount(0);
  await adminPage.goto(`/t/${tenant.slug}/members`);
  await expect(adminPage.getByRole("cell", { name: owner.email, exact: true })).toBeVisible();
  await expect(adminPage.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(adminPage.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(adminPage.getByLabel(`Role of ${owner.email}`)).toHaveCount(0);
  const entries = await sql("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'portal.view_as'", [tenant.id]);
  expect(entries).toHaveLength(1);
});

test("a suspended tenant's portal says so and refuses changes; a deleted one is gone", async ({ page, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "susp");
  await loginAs(page, owner.email, owner.password);
  await page.goto(`/t/${tenant.slug}/settings`);
  await page.getByLabel("Tenant name").fill("Changed while suspended");
  // Suspended after the form was drawn: the server action itself must refuse.
  expect((await api(request).patch(`/tenants/${tenant.id}`, { status: "suspended" })).status()).toBe(200);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "suspended; changes are disabled" }).first()).toBeVisible();
  expect((await sql("SELECT name FROM tenants WHERE id = $1", [tenant.id]))[0].name).toBe(tenant.name);

  await page.goto(`/t/${tenant.slug}/members`);
  await expect(page.getByText("This tenant is suspended.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${owner.email}`)).toHaveCount(0);

  expect((await api(request).delete(`/tenants/${tenant.id}`)).status()).toBe(200);
  expect((await page.goto(`/t/${tenant.slug}`))!.status()).toBe(404);
  await page.goto("/t");
  await expect(page.getByRole("heading", { name: "No tenant yet" })).toBeVisible();
});
