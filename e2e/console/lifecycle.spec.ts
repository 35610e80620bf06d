// Suspend → resume → delete from the tenant page, each behind a dialog that names the consequence;
// the page and the list show the new state without a reload.
import { api, expect, test, uniqueSlug } from "../fixtures";

test.describe("tenant lifecycle from the console", () => {
  test("suspend, resume, then delete after typing the slug", async ({ adminPage: page, request }) => {
    const slug = uniqueSlug("life");
    const t = await api(request).createTenant({ name: `Lifecycle ${slug}`, slug, isolation: "shared" });
    await page.goto(`/tenants/${t.id}`);
    const heading = page.getByRole("heading", { name: `Lifecycle ${slug}`, level: 1 });
    await expect(heading).toBeVisible();

    // Suspend: the dialog names the consequence; Cancel changes nothing.
    await page.getByRole("button", { name: "Suspend" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Its API keys stop working and its members lose access until resumed");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect(((await (await api(request).get(`/tenants/${t.id}`)).json()) as { status: string }).status).toBe("active");

    await page.getByRole("button", { name: "Suspend" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Suspend tenant" }).click();
    await expect(page.getByText(`Lifecycle ${slug} is suspended.`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
    await expect(page.getByText("Suspended").first()).toBeVisible();
    expect(((await (await api(request).get(`/tenants/${t.id}`)).json()) as { status: string }).status).toBe("suspended");

    // The Data tab explains instead of failing.
    await page.getByRole("link", { name: "Data" }).click();
    await expect(page.getByText("This tenant is suspended, so its data is not readable.")).toBeVisible();

    // The list, reached by client navigation, already shows it.
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Tenants" }).click();
    await page.getByRole("searchbox", { name: "Search tenants" }).fill(slug);
    await expect(page).toHaveURL(new RegExp(`q=${slug}`));
    const row = page.getByRole("row").filter({ hasText: slug });
    await expect(row.getByText("Suspended")).toBeVisible();
    await row.getByRole("link").click();

    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Resume tenant" }).click();
    await expect(page.getByText(`Lifecycle ${slug} is active again.`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Suspend" })).toBeVisible();

    // Delete: the button stays disabled until the slug is typed exactly; Escape closes.
    await page.getByRole("button", { name: "Delete" }).click();
    const del = page.getByRole("alertdialog");
    await expect(del).toContainText("Its data is kept for the grace period, then purged");
    const confirm = del.getByRole("button", { name: "Delete tenant" });
    await expect(confirm).toBeDisabled();
    await del.getByLabel(/Type .* to confirm/).fill(`${slug}-nope`);
    await expect(confirm).toBeDisabled();
    await page.keyboard.press("Escape");
    await expect(del).toBeHidden();

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByLabel(/Type .* to confirm/).fill(slug);
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete tenant" }).click();
    await expect(page.getByText(`Lifecycle ${slug} is deleted.`)).toBeVisible();
    // Still viewable, with the Deleted badge and no actions.
    await expect(heading).toBeVisible();
    await expect(page.getByText("Deleted").first()).toBeVisible();
    await expect(page.getByRole("button", { name: /Suspend|Resume|Delete/ })).toHaveCount(0);
    expect((await api(request).get(`/tenants/${t.id}`)).status()).toBe(404);

    // Gone from the default list; listed under the Deleted filter.
    await page.goto(`/tenants?q=${slug}`);
    await expect(page.getByText("No tenants match")).toBeVisible();
    await page.goto(`/tenants?q=${slug}&status=deleted`);
    await expect(page.getByRole("row").filter({ hasText: slug }).getByText("Deleted")).toBeVisible();
  });

  test("an unknown tenant id is a 404 page inside the console", async ({ adminPage: page }) => {
    const res = await page.goto("/tenants/ten_doesnotexist0000000000");
    expect(res?.status()).toBe(404);
    await expect(page.getByText("Tenant not found")).toBeVisible();
  });
});
