// Platform keys in Settings: issued in the console, they work on the control-plane REST API until
// revoked; the bootstrap key shows as configured and has no revoke control.
import { expect, test, uniqueSlug } from "../fixtures";

test("a platform key issued in Settings works on GET /api/v1/tenants and stops after revoke", async ({ adminPage: page, request }) => {
  await page.goto("/settings/platform-keys");
  await expect(page.getByText("Bootstrap key (TENANTRY_PLATFORM_KEY)")).toBeVisible();
  await expect(page.getByText("Configured", { exact: true })).toBeVisible();

  const name = `ci ${uniqueSlug("p")}`;
  await page.getByRole("button", { name: "Issue key" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Issue platform key" })).toBeVisible();
  await expect(dialog.getByRole("checkbox")).toHaveCount(0); // platform keys have no scopes
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Issue key" }).click();
  const secret = await dialog.getByLabel("Secret key").inputValue();
  expect(secret).toMatch(/^tpk_/);
  const list = (key: string) => request.get("/api/v1/tenants", { headers: { authorization: `Bearer ${key}` } });
  expect((await list(secret)).status()).toBe(200);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name })).toBeVisible();
  await expect(page.getByRole("button", { name: /Revoke .*TENANTRY_PLATFORM_KEY/ })).toHaveCount(0);

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(page.getByRole("row", { name })).toHaveCount(0);
  expect((await list(secret)).status()).toBe(401);
});
