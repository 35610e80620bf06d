// The Data tab reads the tenant's own tables; a viewer sees everything and can change nothing.
import { ADMIN, createUser, expect, loginAs, test, uniqueSlug } from "../fixtures";

async function openTenant(page: import("@playwright/test").Page, slug: string) {
  await page.goto(`/tenants?q=${slug}`);
  await page.getByRole("table", { name: "Tenants" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/tenants\/ten_/);
}

test.describe("data tab", () => {
  test("acme-corp's tables are listed with their row counts", async ({ adminPage: page }) => {
    await openTenant(page, "acme-corp");
    await page.getByRole("link", { name: "Data" }).click();
    await expect(page).toHaveURL(/\/data$/);
    const table = page.getByRole("table", { name: "Tables" });
    await expect(table.getByRole("row", { name: /Project\s+3/ })).toBeVisible();
    await expect(table.getByRole("row", { name: /Task\s+9/ })).toBeVisible();
    await expect(page.getByText(/^schema t_/)).toBeVisible();
    await expect(page.getByText(/\d+(\.\d)? (KB|MB)/)).toBeVisible();
  });

  test("the shared tier says its size is not measured per tenant", async ({ adminPage: page }) => {
    await openTenant(page, "initech");
    await page.getByRole("link", { name: "Data" }).click();
    await expect(page.getByText("shared tables")).toBeVisible();
    await expect(page.getByRole("table", { name: "Tables" }).getByRole("row", { name: /Project\s+1/ })).toBeVisible();
  });
});

test.describe("viewer role", () => {
  let viewer: { email: string; password: string };
  test.beforeAll(async () => {
    viewer = await createUser(`viewer-${uniqueSlug("v")}@example.com`, "viewer-password-123", "viewer");
  });

  test("sees tenants but no button that changes anything", async ({ page }) => {
    await loginAs(page, viewer.email, viewer.password);
    await page.getByRole("button", { name: /Account: .* \(viewer\)/i }).click();
    await expect(page.getByRole("menu").getByText("Viewer", { exact: true })).toBeVisible();
    await page.keyboard.press("Escape");

    await page.goto("/tenants?q=acme-corp");
    await expect(page.getByRole("link", { name: "Acme Corp" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Create tenant" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create tenant" })).toHaveCount(0);

    await page.getByRole("link", { name: "Acme Corp" }).click();
    await expect(page.getByRole("heading", { name: "Acme Corp", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /Suspend|Resume|Delete/ })).toHaveCount(0);

    // The create form is not theirs either.
    await page.goto("/tenants/new");
    await expect(page).toHaveURL(/\/tenants$/);
  });

  test("a user with no role anywhere lands on /forbidden", async ({ page }) => {
    const nobody = await createUser(`norole-${uniqueSlug("n")}@example.com`, "norole-password-123", "none");
    await loginAs(page, nobody.email, nobody.password);
    await expect(page).toHaveURL(/\/forbidden$/);
    await expect(page.getByRole("heading", { name: "You don't have access yet" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
  });

  test("the admin fixture is still an admin (sanity for the specs above)", async ({ adminPage: page }) => {
    await page.goto("/tenants");
    await expect(page.getByRole("link", { name: "Create tenant" })).toBeVisible();
    expect(ADMIN.email).toBe("admin@tenantry.local");
  });
});
