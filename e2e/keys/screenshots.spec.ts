// Screenshots of the keys, quotas and plans screens at desktop and phone sizes, written to
// screenshots/keys/ (git-ignored). Runs only when asked: SCREENSHOTS=1 npx playwright test e2e/keys/screenshots.spec.ts
import type { Page } from "@playwright/test";
import { shootAtSizes } from "../screenshots";
import { BASE_URL, expect, loginAs, test } from "../fixtures";
import { tenantWithOwner } from "../portal/db";
import { apiKey, freshTenant, issueThroughDialog } from "./helpers";

test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write the keys screens' screenshots");
test.describe.configure({ timeout: 180_000 });

const shoot = (page: Page, file: string, go: () => Promise<void>) => shootAtSizes(page, "keys", file, go, (s) => s.name === "phone");

test("console and portal key, quota and plan screens", async ({ adminPage: page, request, browser }) => {
  const t = await freshTenant(request, "shot", "pro");
  await apiKey(request, t.id, "Production backend");
  await apiKey(request, t.id, "Staging");

  await shoot(page, "plans-editing", async () => {
    await page.goto("/plans");
    const f = page.getByRole("form").first();
    if (await f.count()) {
      await f.getByRole("spinbutton").or(f.getByRole("textbox")).nth(1).fill("-3");
      await f.getByRole("button", { name: /^Save/ }).click();
      await expect(page.getByText("Must be 0 or more.").first()).toBeVisible();
    }
  });
  await shoot(page, "quotas-tab", async () => {
    await page.goto(`/tenants/${t.id}/quotas`);
    await page.getByRole("button", { name: "Edit override for Database storage" }).click();
  });
  await shoot(page, "keys-tab-secret", async () => {
    await page.goto(`/tenants/${t.id}/keys`);
    await issueThroughDialog(page, "Analytics worker");
  });
  await shoot(page, "keys-tab", async () => {
    await page.goto(`/tenants/${t.id}/keys`);
  });
  await shoot(page, "platform-keys", async () => {
    await page.goto("/settings/platform-keys");
  });

  const { tenant, owner } = await tenantWithOwner(request, "shotp");
  await apiKey(request, tenant.id, "Mobile app");
  const ctx = await browser.newContext({ baseURL: BASE_URL });
  const portal = await ctx.newPage();
  await loginAs(portal, owner.email, owner.password);
  await shoot(portal, "portal-keys", async () => {
    await portal.goto(`/t/${tenant.slug}/keys`);
  });
  await shoot(portal, "portal-overview", async () => {
    await portal.goto(`/t/${tenant.slug}`);
  });
  await ctx.close();
});
