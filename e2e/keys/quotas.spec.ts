// The Quotas tab (per-tenant overrides) and the Plans page: what an admin sets is what the data plane
// reports on its next request; invalid input is refused inline and nothing is saved.
import { expect, test } from "../fixtures";
import { sql } from "../portal/db";
import { apiKey, freshTenant, limitOf } from "./helpers";

test.describe.configure({ timeout: 90_000 });

test("an override on the Quotas tab applies on the next data-plane request; clearing it goes back to the plan", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request, "q", "free");
  const { key } = await apiKey(request, t.id);
  const planLimit = await limitOf(request, key, "api_requests");

  await page.goto(`/tenants/${t.id}/quotas`);
  const row = page.getByRole("row", { name: "API requests / month" });
  await row.getByRole("button", { name: "Edit override for API requests / month" }).click();
  const editor = page.getByRole("form", { name: "Override for API requests / month" });
  await editor.getByLabel("Override for API requests / month", { exact: true }).fill("777");
  await editor.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByRole("form", { name: "Override for API requests / month" })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "Effective API requests / month" })).toContainText("777");
  expect(await limitOf(request, key, "api_requests")).toBe(777);

  // Unlimited is an override too (null).
  await row.getByRole("button", { name: "Edit override for API requests / month" }).click();
  await editor.getByRole("checkbox", { name: "Override for API requests / month: unlimited" }).check();
  await editor.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByRole("cell", { name: "Effective API requests / month" })).toContainText("Unlimited");
  expect(await limitOf(request, key, "api_requests")).toBeNull();

  await row.getByRole("button", { name: "Edit override for API requests / month" }).click();
  await editor.getByRole("button", { name: "Clear override" }).click();
  await expect(page.getByRole("form", { name: "Override for API requests / month" })).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Edit override for API requests / month" })).toBeVisible();
  expect(await limitOf(request, key, "api_requests")).toBe(planLimit);
  const [{ quota_overrides }] = await sql("SELECT quota_overrides FROM tenants WHERE id = $1", [t.id]);
  expect(quota_overrides).toEqual({});
  const audit = await sql("SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.updated' ORDER BY created_at", [t.id]);
  expect(audit.at(-1)!.data).toEqual({ quotas_cleared: ["api_requests_per_month"] });
});

test("a byte quota's override is entered with its unit", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request, "qb", "free");
  const { key } = await apiKey(request, t.id);
  await page.goto(`/tenants/${t.id}/quotas`);
  await page.getByRole("button", { name: "Edit override for Database storage" }).click();
  const editor = page.getByRole("form", { name: "Override for Database storage" });
  await editor.getByLabel("Override for Database storage", { exact: true }).fill("2");
  await editor.getByLabel("Unit of Override for Database storage").selectOption("GB");
  await editor.getByRole("button", { name: "Save override" }).click();
  await expect(page.getByRole("cell", { name: "Effective Database storage" })).toContainText("2 GB");
  expect(await limitOf(request, key, "storage_bytes")).toBe(2 * 1024 ** 3);
});

test("an override that is negative or not a number is refused inline and nothing is saved", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request, "qv", "free");
  await page.goto(`/tenants/${t.id}/quotas`);
  await page.getByRole("button", { name: "Edit override for Realtime connections" }).click();
  const editor = page.getByRole("form", { name: "Override for Realtime connections" });
  const field = editor.getByLabel("Override for Realtime connections", { exact: true });
  await field.fill("-5");
  await editor.getByRole("button", { name: "Save override" }).click();
  await expect(editor.getByText("Must be 0 or more.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await field.fill("lots");
  await editor.getByRole("button", { name: "Save override" }).click();
  await expect(editor.getByText(/Must be a whole number/)).toBeVisible();
  const [{ quota_overrides }] = await sql("SELECT quota_overrides FROM tenants WHERE id = $1", [t.id]);
  expect(quota_overrides ?? {}).toEqual({});
});

test.describe("plans", () => {
  // Plans are shared by every spec: this one edits enterprise's realtime connections and puts it back.
  let saved: unknown;
  test.beforeAll(async () => {
    saved = (await sql("SELECT realtime_connections FROM plans WHERE id = 'enterprise'"))[0].realtime_connections;
  });
  test.afterAll(async () => {
    await sql("UPDATE plans SET realtime_connections = $1 WHERE id = 'enterprise'", [saved]);
    // Tell the server, as a plan edit does, so no cached limit outlives the restore.
    await sql("SELECT pg_notify($1, $2)", ["tenantry_changes" /* lib/db/changes.ts CHANGES_CHANNEL */, JSON.stringify({ kind: "plans" })]);
  });

  test("a plan edit changes what the data plane reports on the next request; bad values are refused inline", async ({ adminPage: page, request }) => {
    const t = await freshTenant(request, "pl", "enterprise");
    const { key } = await apiKey(request, t.id);
    await page.goto("/plans");
    const plan = page.getByRole("form", { name: "Edit plan Enterprise" });
    await expect(page.getByRole("link", { name: /tenants on Enterprise/ })).toBeVisible();

    const field = plan.getByLabel("Realtime connections", { exact: true });
    // Enterprise may be unlimited here (the switch disables the number).
    await plan.getByRole("checkbox", { name: "Realtime connections: unlimited" }).uncheck();
    await field.fill("-1");
    await plan.getByRole("button", { name: "Save Enterprise" }).click();
    await expect(plan.getByText("Must be 0 or more.")).toBeVisible();
    await expect(plan.getByText("Nothing was saved")).toBeVisible();
    // What was typed stays, and so does the switch.
    await expect(field).toHaveValue("-1");
    await expect(plan.getByRole("checkbox", { name: "Realtime connections: unlimited" })).not.toBeChecked();
    expect((await sql("SELECT realtime_connections FROM plans WHERE id = 'enterprise'"))[0].realtime_connections).toEqual(saved);

    await field.fill("4321");
    await plan.getByRole("button", { name: "Save Enterprise" }).click();
    await expect(page.getByText("Enterprise saved.")).toBeVisible();
    expect(await limitOf(request, key, "realtime_connections")).toBe(4321);
    await expect(page.getByRole("form", { name: "Edit plan Enterprise" }).getByLabel("Realtime connections", { exact: true })).toHaveValue("4321");
    const [audit] = await sql("SELECT data FROM audit_log WHERE action = 'plan.updated' ORDER BY created_at DESC LIMIT 1");
    expect(audit.data).toMatchObject({ plan: "enterprise", quotas: { realtime_connections: 4321 } });
  });
});
