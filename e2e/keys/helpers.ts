// Helpers for the keys/plans/quotas screens' specs: a fresh tenant, data-plane calls with a key.
import type { APIRequestContext, Page } from "@playwright/test";
import { api, expect, uniqueSlug, type TenantJson } from "../fixtures";

export async function freshTenant(request: APIRequestContext, prefix = "k", plan = "free"): Promise<TenantJson> {
  const slug = uniqueSlug(prefix);
  return api(request).createTenant({ name: `Keys ${slug}`, slug, plan, isolation: "shared" });
}

/** POST /api/v1/quota/check with a tenant key: the status. */
export async function check(request: APIRequestContext, key: string): Promise<number> {
  const res = await request.post("/api/v1/quota/check", { headers: { authorization: `Bearer ${key}` }, data: { metric: "api_requests" } });
  return res.status();
}

/** GET /api/v1/quota with a tenant key: the limit reported for a metric. */
export async function limitOf(request: APIRequestContext, key: string, metric: string): Promise<number | null> {
  const res = await request.get("/api/v1/quota", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).metrics[metric].limit;
}

/** A tenant key through the REST API (for specs about something else than issuing). */
export async function apiKey(request: APIRequestContext, tenantId: string, name = `api ${uniqueSlug("k")}`): Promise<{ id: string; key: string; name: string }> {
  const res = await api(request).post(`/tenants/${tenantId}/keys`, { name });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  return { id: body.id, key: body.key, name };
}

/** Issues a key through the open "Issue key" dialog and returns the secret it shows once. */
export async function issueThroughDialog(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "Issue key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Issue key" }).click();
  const secret = dialog.getByLabel(/Secret key/);
  await expect(secret).toBeVisible();
  await expect(dialog.getByText("This key will not be shown again. Store it now.")).toBeVisible();
  return secret.inputValue();
}
