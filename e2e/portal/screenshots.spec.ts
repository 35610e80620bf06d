// Screens to look at by eye (UI.md): the portal overview, the members page with the invite dialog
// showing its one-time link, and the invitation accept page, at 1440×900 and 390×844. Written to
// screenshots/portal/ (git-ignored). Runs only when asked: SCREENSHOTS=1 npx playwright test e2e/portal/screenshots.spec.ts
import { test, expect, BASE_URL, loginAs, uniqueSlug } from "../fixtures";
import { addMember, makeUser, tenantWithOwner } from "./db";
import { SCREENSHOT_SIZES } from "../screenshots";

test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write the portal's screenshots");
test.describe.configure({ timeout: 120_000 });

test("portal screens", async ({ browser, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "shot");
  for (const role of ["admin", "member"] as const) {
    const u = await makeUser(`shot-${role}`);
    await addMember(tenant.id, u.id, role);
  }
  for (const size of SCREENSHOT_SIZES) {
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: size.width, height: size.height } });
    const page = await context.newPage();
    await loginAs(page, owner.email, owner.password);
    await page.goto(`/t/${tenant.slug}`);
    await page.screenshot({ path: `screenshots/portal/overview-${size.name}.png`, fullPage: true });
    await page.goto(`/t/${tenant.slug}/members`);
    await page.screenshot({ path: `screenshots/portal/members-${size.name}.png`, fullPage: true });
    await page.getByRole("button", { name: "Invite member" }).click();
    await page.getByRole("dialog").getByLabel("Email").fill(`${uniqueSlug("new")}@example.test`);
    await page.screenshot({ path: `screenshots/portal/invite-dialog-${size.name}.png` });
    await page.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
    const link = await page.getByRole("dialog").getByLabel("Invitation link").inputValue();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `screenshots/portal/invite-link-${size.name}.png` });

    const visitor = await browser.newContext({ baseURL: BASE_URL, viewport: { width: size.width, height: size.height } });
    const v = await visitor.newPage();
    await v.goto(new URL(link).pathname);
    await expect(v.getByRole("button", { name: "Set password and join" })).toBeVisible();
    await v.screenshot({ path: `screenshots/portal/accept-${size.name}.png` });
    await v.goto("/invite/not-a-real-token");
    await v.screenshot({ path: `screenshots/portal/accept-invalid-${size.name}.png` });
    await visitor.close();
    await context.close();
  }
});
