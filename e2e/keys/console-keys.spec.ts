// The console's API keys tab: issue (secret shown once), the secret works on the data plane, revoke
// stops it on the very next request, rotate without grace swaps old for new; bad input saves nothing.
import { api, expect, test, uniqueSlug } from "../fixtures";
import { sql } from "../portal/db";
import { apiKey, check, freshTenant, issueThroughDialog } from "./helpers";

test.describe.configure({ timeout: 90_000 });

test("issue a key: the secret is shown once, works on the data plane, and revoking it stops it at once", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request);
  await page.goto(`/tenants/${t.id}/keys`);
  await expect(page.getByText("No API keys yet")).toBeVisible();

  const name = `backend ${uniqueSlug("k")}`;
  await page.getByRole("button", { name: "Issue key" }).click();
  const dialog = page.getByRole("dialog");
  // Every scope is checked by default.
  for (const s of ["usage:write", "usage:read", "quota:read"]) await expect(dialog.getByRole("checkbox", { name: new RegExp(s) })).toBeChecked();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Issue key" }).click();
  const secretField = dialog.getByLabel("Secret key");
  await expect(secretField).toBeVisible();
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^tk_/);
  await expect(dialog.getByText("This key will not be shown again. Store it now.")).toBeVisible();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await dialog.getByRole("button", { name: "Copy secret" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();

  expect(await check(request, secret)).toBe(200);

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const row = page.getByRole("row", { name });
  await expect(row).toBeVisible();
  await expect(row.getByText("usage:write")).toBeVisible();
  await expect(row.getByText("Never")).toHaveCount(2); // not used yet (the list was drawn before the call), never expires
  // Gone after a reload: the list shows only the start.
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  const start = (await sql("SELECT start FROM api_keys WHERE tenant_id = $1", [t.id]))[0].start as string;
  expect(secret.startsWith(start)).toBe(true);
  await expect(page.getByRole("row", { name }).getByText(`${start}…`)).toBeVisible();

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Requests with this key");
  await expect(confirm).toContainText("fail immediately");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(page.getByRole("row", { name })).toHaveCount(0);
  expect(await check(request, secret)).toBe(401);
  const audit = await sql("SELECT action FROM audit_log WHERE tenant_id = $1 ORDER BY created_at", [t.id]);
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["key.issued", "key.revoked"]));
});

test("rotate with no grace: the old secret is refused at once, the new one works", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request);
  const old = await apiKey(request, t.id);
  expect(await check(request, old.key)).toBe(200);
  await page.goto(`/tenants/${t.id}/keys`);
  await page.getByRole("button", { name: `Rotate ${old.name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Old key keeps working for")).toHaveValue("0");
  await dialog.getByRole("button", { name: "Rotate key" }).click();
  const fresh = await dialog.getByLabel("New secret key").inputValue();
  expect(fresh).toMatch(/^tk_/);
  // The list refreshes (the old key's row leaves it, the new one arrives) and the secret stays on screen.
  const [{ start }] = await sql("SELECT start FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NULL", [t.id]);
  // (by text: the open dialog hides the page from the accessibility tree)
  await expect(page.getByText(`${start}…`)).toBeVisible();
  await expect(dialog.getByText("This key will not be shown again. Store it now.")).toBeVisible();
  await expect(dialog.getByLabel("New secret key")).toHaveValue(fresh);
  expect(await check(request, old.key)).toBe(401);
  expect(await check(request, fresh)).toBe(200);
});

test("rotate with a grace period keeps the old secret working", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request);
  const old = await apiKey(request, t.id);
  await page.goto(`/tenants/${t.id}/keys`);
  await page.getByRole("button", { name: `Rotate ${old.name}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Old key keeps working for").selectOption({ label: "1 hour" });
  await dialog.getByRole("button", { name: "Rotate key" }).click();
  const fresh = await dialog.getByLabel("New secret key").inputValue();
  expect(await check(request, old.key)).toBe(200);
  expect(await check(request, fresh)).toBe(200);
});

test("issuing with no name or no scope shows the errors inline and issues nothing", async ({ adminPage: page, request }) => {
  const t = await freshTenant(request);
  await page.goto(`/tenants/${t.id}/keys`);
  await page.getByRole("button", { name: "Issue key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Issue key" }).click();
  await expect(dialog.getByText("Name is required.")).toBeVisible();
  await dialog.getByLabel("Name").fill("no scopes");
  for (const s of ["usage:write", "usage:read", "quota:read"]) await dialog.getByRole("checkbox", { name: new RegExp(s) }).uncheck();
  await dialog.getByRole("button", { name: "Issue key" }).click();
  await expect(dialog.getByText("Choose at least one scope.")).toBeVisible();
  await expect(dialog.getByLabel("Name")).toHaveValue("no scopes");
  await dialog.getByRole("checkbox", { name: /quota:read/ }).check();
  await dialog.getByLabel(/Expires on/).fill("2020-01-01");
  await dialog.getByRole("button", { name: "Issue key" }).click();
  await expect(dialog.getByText("Must be in the future.")).toBeVisible();
  const res = await api(request).get(`/tenants/${t.id}/keys`);
  expect((await res.json()).data).toEqual([]);

  // A date in the future: the key expires at the end of that day (UTC), with the scope chosen.
  const day = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await dialog.getByLabel(/Expires on/).fill(day);
  await dialog.getByRole("button", { name: "Issue key" }).click();
  await expect(dialog.getByLabel("Secret key")).toBeVisible();
  const [k] = (await (await api(request).get(`/tenants/${t.id}/keys`)).json()).data;
  expect(k).toMatchObject({ name: "no scopes", scopes: ["quota:read"], expires_at: `${day}T23:59:59.000Z` });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: "no scopes" }).getByTitle(`${day} 23:59:59 UTC`)).toBeVisible();
});
