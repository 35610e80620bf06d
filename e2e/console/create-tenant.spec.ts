// Creating a tenant from the console: the happy path, and the errors the user must be able to fix.
import { api, expect, test, uniqueSlug } from "../fixtures";

test.describe("create tenant", () => {
  test("creates an active tenant, shows a toast and opens its page", async ({ adminPage: page, request }) => {
    const slug = uniqueSlug("ui-create");
    await page.goto("/tenants");
    await page.getByRole("link", { name: "Create tenant" }).click();
    await expect(page).toHaveURL(/\/tenants\/new$/);
    await page.getByLabel("Name").fill(`UI Create ${slug}`);
    // The placeholder shows the slug the name would get.
    await expect(page.getByLabel("Slug")).toHaveAttribute("placeholder", `ui-create-${slug}`);
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Plan").selectOption("pro");
    await page.getByLabel("Isolation").selectOption("shared");
    await page.getByRole("button", { name: "Create tenant" }).click();

    await expect(page.getByText(`Tenant UI Create ${slug} created.`)).toBeVisible();
    await expect(page).toHaveURL(/\/tenants\/ten_[a-z0-9]+$/);
    await expect(page.getByRole("heading", { name: `UI Create ${slug}`, level: 1 })).toBeVisible();
    await expect(page.getByText("Active").first()).toBeVisible();

    const res = await api(request).get("/tenants", { q: slug });
    const body = (await res.json()) as { data: { slug: string; plan: string; isolation: string; status: string }[] };
    expect(body.data).toEqual([expect.objectContaining({ slug, plan: "pro", isolation: "shared", status: "active" })]);
  });

  test("a bad slug is flagged under the field, by the same rule as the API", async ({ adminPage: page }) => {
    await page.goto("/tenants/new");
    await page.getByLabel("Name").fill("Bad slug tenant");
    await page.getByLabel("Slug").fill("Not_A_Slug!");
    await page.getByRole("button", { name: "Create tenant" }).click();
    const slug = page.getByLabel("Slug");
    await expect(slug).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/^Slug: 3–40 characters/)).toBeVisible();
    await expect(page).toHaveURL(/\/tenants\/new$/);
  });

  test("an empty name is flagged, and nothing is sent", async ({ adminPage: page }) => {
    await page.goto("/tenants/new");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await expect(page.getByText("Name is required.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  });

  test("the server's verdict shows inline even without the browser-side check", async ({ adminPage: page }) => {
    await page.goto("/tenants/new");
    // Submit past the client check (as a script or an old page would) to see the server's own answer.
    await page.getByLabel("Name").fill("Server check");
    await page.getByLabel("Region").fill("Not A Region");
    await page.evaluate(() => {
      const form = document.querySelector("form")!;
      form.addEventListener("submit", (e) => e.stopImmediatePropagation(), { capture: true });
    });
    await page.getByRole("button", { name: "Create tenant" }).click();
    await expect(page.getByText("Region: up to 32 lowercase letters, digits and hyphens.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("Server check");
  });

  test("a taken slug shows the conflict under the slug field and creates nothing", async ({ adminPage: page, request }) => {
    const name = `Taken ${uniqueSlug("x")}`;
    await page.goto("/tenants/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Slug").fill("acme-corp");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await expect(page.getByText('The slug "acme-corp" is already taken.')).toBeVisible();
    await expect(page.getByLabel("Slug")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/tenants\/new$/);
    // What the user typed is still there to fix.
    await expect(page.getByLabel("Name")).toHaveValue(name);
    await expect(page.getByLabel("Slug")).toHaveValue("acme-corp");

    const res = await api(request).get("/tenants", { q: name });
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(0);
  });
});
