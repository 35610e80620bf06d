// The portal Usage page and the usage endpoints' access rules: a member sees only their own tenant's
// usage (page, JSON and CSV); another tenant's is a 404 whatever its slug; signed out is a 401; the
// console's endpoints refuse people without a platform role (403) and unknown tenants (404).
import { request as playwrightRequest } from "@playwright/test";
import { test, expect as baseExpect, BASE_URL, loginAs } from "../fixtures";
import { addMember, makeUser } from "../portal/db";
import { chart, chartSummary, HOUR, postUsage, tenantWithKey } from "./helpers";

test.describe.configure({ timeout: 120_000 });
// Each click re-requests and redraws; on the shared 2-core machine (load 15–25 while five people build
// and test) that has taken over 7.5 s. The waits are for the browser and server, not for polling.
const expect = baseExpect.configure({ timeout: 20_000 });

test("a member sees their own tenant's usage, CSV included, and nothing of another tenant's", async ({ page, request }) => {
  const a = await tenantWithKey(request, "upa");
  const b = await tenantWithKey(request, "upb");
  await postUsage(request, a.key, [{ metric: "read_ops", value: 777, ago: HOUR }]);
  await postUsage(request, b.key, [{ metric: "read_ops", value: 999, ago: HOUR }]);
  const member = await makeUser("usage-member");
  await addMember(a.tenant.id, member.id, "member");
  await loginAs(page, member.email, member.password);

  await page.goto(`/t/${a.tenant.slug}`);
  await page.getByRole("link", { name: "Usage" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${a.tenant.slug}/usage$`));
  await expect(page.getByRole("heading", { name: "Usage", exact: true })).toBeVisible();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /total 777$/, { timeout: 20_000 });
  await expect(chart(page, "API requests").getByText(/Quota 1M \/ month/)).toBeVisible();

  const csv = await page.request.get(`/t/${a.tenant.slug}/usage/csv?range=7d`);
  expect(csv.status()).toBe(200);
  const body = await csv.text();
  expect(body).toMatch(/^metric,bucket_start,value\r\n/);
  expect(body).toContain(",777\r\n");
  expect(body).not.toContain("999");

  // Tenant B, by slug, by id, or not existing at all: 404 for the page, the JSON and the CSV.
  for (const slug of [b.tenant.slug, b.tenant.id, "no-such-tenant"]) {
    expect((await page.goto(`/t/${slug}/usage`))!.status(), `page ${slug}`).toBe(404);
    for (const what of ["data", "csv"]) {
      const res = await page.request.get(`/t/${slug}/usage/${what}?range=7d`);
      expect(res.status(), `${what} ${slug}`).toBe(404);
      expect(res.headers()["content-type"]).toBe("application/problem+json");
      expect(await res.text()).not.toContain("999");
    }
  }
  // A member has no console: the console's endpoints refuse them.
  for (const path of [`/tenants/${a.tenant.id}/usage/data`, `/tenants/${b.tenant.id}/usage/csv`, "/platform-usage/data"]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(403);
    expect((await res.json()).code).toBe("forbidden");
  }
});

test("signed out, every usage endpoint is a 401; unknown tenants and bad ranges are problem+json", async ({ adminPage, request }) => {
  const a = await tenantWithKey(request, "upo");
  const anon = await playwrightRequest.newContext({ baseURL: BASE_URL });
  try {
    for (const path of [`/tenants/${a.tenant.id}/usage/data`, `/tenants/${a.tenant.id}/usage/csv`, `/t/${a.tenant.slug}/usage/data`, `/t/${a.tenant.slug}/usage/csv`, "/platform-usage/data"]) {
      const res = await anon.get(path);
      expect(res.status(), path).toBe(401);
      expect((await res.json()).code).toBe("unauthorized");
    }
  } finally {
    await anon.dispose();
  }
  const missing = await adminPage.request.get("/tenants/ten_doesnotexist00000000/usage/data");
  expect(missing.status()).toBe(404);
  const bad = await adminPage.request.get(`/tenants/${a.tenant.id}/usage/data?range=90d&granularity=hour`);
  expect(bad.status()).toBe(400);
  const problem = await bad.json();
  expect(problem.code).toBe("invalid_request");
  expect(problem.errors).toEqual([{ path: "granularity", message: "Hourly charts cover at most 7 days; choose Day or a shorter range." }]);
  const ok = await adminPage.request.get(`/tenants/${a.tenant.id}/usage/data?range=7d`);
  expect(ok.status()).toBe(200);
  expect((await ok.json()).tenant_id).toBe(a.tenant.id);
});
