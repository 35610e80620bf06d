// A viewer reads the plans, quotas and keys screens and finds nothing that changes anything; the
// actions refuse a viewer too (checked through the lib's role check in each action).
import { createUser, expect, loginAs, test, uniqueSlug } from "../fixtures";
import { apiKey, check, freshTenant } from "./helpers";

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

test("a console key action replayed by a viewer or signed out is refused and the key keeps working", async ({ adminPage, page, request }) => {
  const viewer = await createUser(`viewer-${uniqueSlug("kr")}@example.com`, "viewer-password-123", "viewer");
  const t = await freshTenant(request, "kr");
  const first = await apiKey(request, t.id);
  const second = await apiKey(request, t.id);

  // Capture the admin's own revoke request (it succeeds, on the first key)…
  await adminPage.goto(`/tenants/${t.id}/keys`);
  const waiting = adminPage.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await adminPage.getByRole("button", { name: `Revoke ${first.name}` }).click();
  await adminPage.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  const req = await waiting;
  expect((await req.response())?.status()).toBe(200);
  expect(await check(request, first.key)).toBe(401);

  // …and replay it for the second key as a viewer, then signed out.
  const body = (req.postDataBuffer()?.toString("utf8") ?? "").split(first.id).join(second.id);
  const headers = { ...req.headers() };
  for (const k of ["cookie", "content-length", "host"]) delete headers[k];
  await loginAs(page, viewer.email, viewer.password);
  const asViewer = await page.request.fetch(req.url(), { method: "POST", headers, data: body, maxRedirects: 0 });
  expect(await asViewer.text()).toContain("Your role can view but not change this.");
  await page.context().clearCookies();
  const signedOut = await page.request.fetch(req.url(), { method: "POST", headers, data: body, maxRedirects: 0 });
  expect(await signedOut.text()).toContain("Your session has ended");
  expect(await check(request, second.key)).toBe(200);
});
