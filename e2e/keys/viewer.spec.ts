// A viewer reads the plans, quotas and keys screens and finds nothing that changes anything; the
// actions refuse a viewer too (checked through the lib's role check in each action).
import { createUser, expect, loginAs, test, uniqueSlug } from "../fixtures";
import { apiKey, freshTenant } from "./helpers";

test("a viewer sees plans, quotas and keys with no mutating controls", async ({ page, request }) => {
  const viewer = await createUser(`viewer-${uniqueSlug("kv")}@example.com`, "viewer-password-123", "viewer");
  const t = await freshTenant(request, "kv");
  const k = await apiKey(request, t.id);
  await loginAs(page, viewer.email, viewer.password);

  await page.goto("/plans");
  await expect(page.getByRole("heading", { name: "Plans", level: 1 })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Save/ })).toHaveCount(0);

  await page.goto(`/tenants/${t.id}/quotas`);
  await expect(page.getByRole("table", { name: "Quotas" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Edit override/ })).toHaveCount(0);

  await page.goto(`/tenants/${t.id}/keys`);
  await expect(page.getByRole("row", { name: k.name })).toBeVisible();
  await expect(page.getByRole("button", { name: /Issue key|Revoke|Rotate/ })).toHaveCount(0);

  await page.goto("/settings/platform-keys");
  await expect(page.getByRole("heading", { name: "Platform keys", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: /Issue key|Revoke|Rotate/ })).toHaveCount(0);
});
