// The tenants list is one URL per view: search, filters and the page cursor live in the query
// string, so reload and back land on the same view.
import { api, expect, test, uniqueSlug } from "../fixtures";

test.describe("tenants list", () => {
  const prefix = uniqueSlug("list");
  const names: string[] = [];

  test.beforeAll(async ({ request }) => {
    const client = api(request);
    // 27 tenants sharing a search term: more than one page (25 a page). Shared tier: cheap to make.
    for (let i = 0; i < 27; i++) {
      const plan = i % 3 === 0 ? "pro" : "free";
      const t = await client.createTenant({ name: `${prefix} number ${String(i).padStart(2, "0")}`, isolation: "shared", plan });
      names.push(t.name);
    }
  });

  test("search is debounced into ?q=, survives reload, and back restores the previous view", async ({ adminPage: page }) => {
    await page.goto("/tenants");
    const table = page.getByRole("table", { name: "Tenants" });
    await expect(table.getByRole("link")).not.toHaveCount(0);
    await page.getByRole("searchbox", { name: "Search tenants" }).fill(`${prefix} number 07`);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}\\+number\\+07`));
    await expect(table.getByRole("link")).toHaveCount(1);
    await expect(table.getByRole("link", { name: `${prefix} number 07` })).toBeVisible();

    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search tenants" })).toHaveValue(`${prefix} number 07`);
    await expect(table.getByRole("link")).toHaveCount(1);

    await page.goBack();
    await expect(page).toHaveURL(/\/tenants$/);
    await expect(page.getByRole("searchbox", { name: "Search tenants" })).toHaveValue("");
    await expect(table.getByRole("link")).toHaveCount(25);
  });

  test("status and plan filters write the URL and narrow the rows", async ({ adminPage: page }) => {
    await page.goto(`/tenants?q=${prefix}`);
    await page.getByLabel("Plan").selectOption("pro");
    await expect(page).toHaveURL(/plan=pro/);
    const table = page.getByRole("table", { name: "Tenants" });
    await expect(table.getByRole("link")).toHaveCount(9); // i = 0, 3, …, 24
    for (const row of await table.getByRole("row").all()) {
      if (await row.getByRole("columnheader").count()) continue;
      await expect(row.getByText("Pro", { exact: true })).toBeVisible();
    }
    await page.getByLabel("Status").selectOption("suspended");
    await expect(page).toHaveURL(/status=suspended/);
    await expect(page.getByText("No tenants match")).toBeVisible();
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/tenants$/);
    await expect(page.getByRole("searchbox", { name: "Search tenants" })).toHaveValue("");
    await expect(page.getByLabel("Plan")).toHaveValue("");
    await expect(table.getByRole("link")).toHaveCount(25);
  });

  test("cursor pagination: Next goes on, First page goes back, and the cursor is in the URL", async ({ adminPage: page }) => {
    await page.goto(`/tenants?q=${prefix}`);
    const table = page.getByRole("table", { name: "Tenants" });
    await expect(table.getByRole("link")).toHaveCount(25);
    // Newest first: the last created is on top.
    await expect(table.getByRole("link").first()).toHaveText(`${prefix} number 26`);
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(table.getByRole("link")).toHaveCount(2);
    await expect(table.getByRole("link").first()).toHaveText(`${prefix} number 01`);
    await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();

    await page.reload();
    await expect(table.getByRole("link")).toHaveCount(2);

    await page.getByRole("link", { name: "First page" }).click();
    await expect(page).not.toHaveURL(/cursor=/);
    await expect(table.getByRole("link")).toHaveCount(25);
  });

  test("a row is a real link (middle-click opens a new tab)", async ({ adminPage: page }) => {
    await page.goto(`/tenants?q=${prefix}+number+05`);
    const link = page.getByRole("table", { name: "Tenants" }).getByRole("link", { name: `${prefix} number 05` });
    await expect(link).toHaveAttribute("href", /^\/tenants\/ten_/);
    const [popup] = await Promise.all([page.context().waitForEvent("page"), link.click({ button: "middle" })]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toMatch(/^\/tenants\/ten_/);
    await popup.close();
  });

  test("a mangled cursor shows a way back instead of an error", async ({ adminPage: page }) => {
    await page.goto("/tenants?cursor=not-a-cursor");
    await expect(page.getByText("This page link is no longer valid")).toBeVisible();
    await page.getByRole("link", { name: "First page" }).click();
    await expect(page).toHaveURL(/\/tenants$/);
    await expect(page.getByRole("table", { name: "Tenants" }).getByRole("link")).toHaveCount(25);
  });

  test("the jump box opens a tenant by slug with Enter", async ({ adminPage: page }) => {
    await page.goto("/");
    const box = page.getByRole("combobox", { name: "Jump to tenant" });
    await box.fill("globex");
    await expect(page.getByRole("option", { name: /Globex/ })).toBeVisible();
    await box.press("Enter");
    await expect(page).toHaveURL(/\/tenants\/ten_/);
    await expect(page.getByRole("heading", { name: "Globex", level: 1 })).toBeVisible();
  });
});
