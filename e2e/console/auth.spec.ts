// Console sign-in: the failure message gives nothing away, success lands where you were going,
// signed-in visitors skip the form, and sign-out ends the session.
import type { Page } from "@playwright/test";
import { ADMIN, BASE_URL, expect, loginAs, test } from "../fixtures";

// Next's route announcer is a role="alert" too; the form's own alert is the one inside the form.
const formAlert = (page: Page) => page.getByRole("form", { name: "Sign in" }).getByRole("alert");

test.describe("console sign-in", () => {
  test("a wrong password says only that email or password is incorrect", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("definitely-not-it-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/login/);
    // What was typed in the email field stays; the password does not.
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(ADMIN.email);
  });

  test("an unknown email gets the very same message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill("nobody-here@example.com");
    await page.getByLabel("Password", { exact: true }).fill("whatever-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
  });

  test("empty fields are flagged inline without a round trip to next-auth", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expect(page.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");
  });

  test("repeated failures are throttled with their own message", async ({ page }) => {
    const email = `throttle-${Date.now()}@example.com`;
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(`wrong-password-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toHaveText("Email or password is incorrect.");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("wrong-password-6");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Too many attempts. Try again in a few minutes.");
  });

  test("signing in returns you to the page you asked for", async ({ page }) => {
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faudit/);
    await page.getByLabel("Email", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  });

  test("an off-site callbackUrl is ignored", async ({ page }) => {
    await page.goto("/login?callbackUrl=" + encodeURIComponent("//evil.example/steal"));
    await page.getByLabel("Email", { exact: true }).fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    expect(new URL(page.url()).origin).toBe(new URL(BASE_URL).origin);
    expect(new URL(page.url()).pathname).toBe("/");
  });

  test("a signed-in admin visiting /login goes to the dashboard; sign out ends the session", async ({ page }) => {
    await loginAs(page, ADMIN.email, ADMIN.password);
    await page.goto("/login");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();

    const menu = page.getByRole("button", { name: /Account: admin@tenantry\.local \(admin\)/i });
    await menu.click();
    await expect(page.getByRole("menu").getByText("Admin", { exact: true })).toBeVisible();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/tenants");
    await expect(page).toHaveURL(/\/login/);
  });
});
