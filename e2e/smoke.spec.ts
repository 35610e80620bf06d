// The built app serves, talks to its database, and lets the seeded admin in.
import { ADMIN, createUser, expect, loginAs, test } from "./fixtures";

test.describe("operations endpoints", () => {
  test("GET /api/health answers ok", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  test("GET /api/ready answers 200 while the database answers", async ({ request }) => {
    const res = await request.get("/api/ready");
    expect(res.status()).toBe(200);
  });
});

test.describe("sign-in", () => {
  test("the seeded admin signs in through the login form", async ({ page }) => {
    await loginAs(page, ADMIN.email, ADMIN.password);
    expect(new URL(page.url()).pathname).not.toMatch(/^\/login/);
  });

  test("a wrong password keeps you on the login page", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("not-the-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    // The form answers (the button is usable again) and we are still on the login page.
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  test("a console page sends a signed-out visitor to /login", async ({ page }) => {
    await page.goto("/tenants");
    await expect(page).toHaveURL(/\/login/);
  });

  test("adminPage is signed in", async ({ adminPage }) => {
    await adminPage.goto("/tenants");
    await expect(adminPage).toHaveURL(/\/tenants/);
  });

  test("a user made by createUser can sign in", async ({ page }) => {
    const email = `viewer-${Date.now().toString(36)}@e2e.test`;
    const user = await createUser(email, "viewer-password-123", "viewer");
    await loginAs(page, user.email, user.password);
    expect(new URL(page.url()).pathname).not.toMatch(/^\/login/);
  });
});
