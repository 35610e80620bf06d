// Screenshots of the usage screens at desktop and phone sizes, written to screenshots/usage/
// (git-ignored), on the demo tenants' 90-day history. Runs only when asked:
//   SCREENSHOTS=1 npx playwright test e2e/usage/screenshots.spec.ts
import type { Page } from "@playwright/test";
import { shootAtSizes } from "../screenshots";
import { BASE_URL, expect, loginAs, test } from "../fixtures";
import { sql, addMember, makeUser } from "../portal/db";
import { chartSummary } from "./helpers";

test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write the usage screens' screenshots");
test.describe.configure({ timeout: 420_000 });

const shoot = (page: Page, file: string, go: () => Promise<void>) => shootAtSizes(page, "usage", file, go);

test("console and portal usage screens", async ({ adminPage: page, browser }) => {
  const [acme] = await sql<{ id: string }>("SELECT id FROM tenants WHERE slug = 'acme-corp'");
  const [initech] = await sql<{ id: string }>("SELECT id FROM tenants WHERE slug = 'initech'");
  const charts = async () => expect(chartSummary(page, "API requests")).toBeVisible({ timeout: 30_000 });

  await shoot(page, "tenant-usage-30d", async () => {
    await page.goto(`/tenants/${acme.id}/usage`);
    await charts();
  });
  await shoot(page, "tenant-usage-7d-hourly", async () => {
    await page.goto(`/tenants/${initech.id}/usage?range=7d&granularity=hour`);
    await charts();
  });
  await shoot(page, "tenant-usage-90d", async () => {
    await page.goto(`/tenants/${acme.id}/usage?range=90d&granularity=day`);
    await charts();
  });
  // The tooltip, on the chart alone (a full-page shot resizes the page and the tooltip goes away).
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/tenants/${initech.id}/usage?range=7d&granularity=hour`);
  await charts();
  await chartSummary(page, "API requests").hover({ position: { x: 300, y: 80 } });
  await expect(page.getByText(/UTC$/).filter({ hasText: "–" }).first()).toBeVisible();
  const box = (await page.getByRole("region", { name: "API requests", exact: true }).boundingBox())!;
  await page.screenshot({ path: "screenshots/usage/tooltip-desktop.png", clip: box });
  await shoot(page, "tenant-usage-error", async () => {
    await page.goto(`/tenants/${acme.id}/usage?range=custom&granularity=day&from=2026-11-20&to=2026-11-01`);
    await expect(page.getByRole("alert").filter({ hasText: "This range can't be shown" })).toBeVisible({ timeout: 30_000 });
  });
  await shoot(page, "dashboard", async () => {
    await page.goto("/");
    await charts();
  });

  const member = await makeUser("shot-usage");
  await addMember(initech.id, member.id, "member");
  const ctx = await browser.newContext({ baseURL: BASE_URL });
  const portal = await ctx.newPage();
  await loginAs(portal, member.email, member.password);
  await shoot(portal, "portal-usage", async () => {
    await portal.goto("/t/initech/usage?range=7d");
    await expect(chartSummary(portal, "API requests")).toBeVisible({ timeout: 30_000 });
  });
  await ctx.close();
});
