// Settings → Usage metrics: an admin registers a custom metric (a bad name gets a readable inline
// error first), a tenant's software reports it with its key, and it is charted on the tenant's Usage
// tab; archiving it (after a confirmation) makes ingest refuse it. A viewer sees the list read-only and
// the archive action refuses a viewer and a signed-out caller.
import { api, createUser, expect as baseExpect, loginAs, test, uniqueSlug } from "../fixtures";
import { chart, chartSummary, HOUR, postUsage, tenantWithKey } from "./helpers";
import { shootAtSizes } from "../screenshots";

test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 20_000 });

const metricName = (p: string) => `${p}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("register a metric in the console, report it with a tenant key, see it on the Usage tab, archive it", async ({ adminPage: page, request }) => {
  const name = metricName("e2e_emails");
  await page.goto("/settings");
  await page.getByRole("link", { name: /Usage metrics/ }).click();
  await expect(page.getByRole("heading", { name: "Usage metrics", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Built-in metrics" }).getByRole("row", { name: /api_requests/ })).toContainText("Built-in");

  // A bad name: the dialog stays open with the rule under the field, and what was typed is kept.
  await page.getByRole("button", { name: "Register metric" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Register a usage metric" });
  await dialog.getByLabel("Name").fill("Emails Sent");
  await dialog.getByRole("button", { name: "Register metric" }).click();
  await expect(dialog.getByText(/Use 2–63 lowercase letters, digits and underscores/)).toBeVisible();
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Name")).toHaveValue("Emails Sent");

  // A built-in name: 409 shown under the name.
  await dialog.getByLabel("Name").fill("api_requests");
  await dialog.getByRole("button", { name: "Register metric" }).click();
  await expect(dialog.getByText("api_requests is a built-in metric.")).toBeVisible();

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Kind").selectOption("counter");
  await dialog.getByLabel("Description").fill("Emails sent by the tenant");
  await dialog.getByRole("button", { name: "Register metric" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Metric ${name} registered`)).toBeVisible();
  const row = page.getByRole("table", { name: "Custom metrics" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Emails sent by the tenant");

  // The REST list agrees.
  const listed = await (await api(request).get("/metrics")).json();
  expect(listed.data.find((m: { name: string }) => m.name === name)).toMatchObject({ kind: "counter", builtin: false, archived: false });

  // The tenant's software reports it; the Usage tab charts it beside the built-ins.
  const { tenant, key } = await tenantWithKey(request, "um");
  await postUsage(request, key, [
    { metric: name, value: 1200, ago: 2 * HOUR },
    { metric: name, value: 34, ago: HOUR },
  ]);
  await page.goto(`/tenants/${tenant.id}/usage`);
  await expect(chartSummary(page, name)).toHaveAttribute("aria-label", /by day, 30 points, .*total 1,234$/);
  await expect(chart(page, name).getByTitle("1,234")).toHaveText("1.2K");
  await expect(chart(page, "API requests")).toBeVisible();

  // Archive (confirmed): the row says so, and ingest refuses the metric from then on.
  await page.goto("/settings/metrics");
  await page.getByRole("button", { name: `Archive ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Archive metric" }).click();
  await expect(page.getByRole("table", { name: "Custom metrics" }).getByRole("row", { name: new RegExp(name) })).toContainText("Archived");
  const refused = await request.post("/api/v1/usage", { headers: { authorization: `Bearer ${key}` }, data: { events: [{ metric: name, value: 1 }] } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).errors[0]).toMatchObject({ path: "events[0].metric", message: `Metric ${name} is archived; it no longer accepts events.` });
  // Its history is still charted.
  await page.goto(`/tenants/${tenant.id}/usage`);
  await expect(chartSummary(page, name)).toHaveAttribute("aria-label", /total 1,234$/);

  // Unarchive: accepted again.
  await page.goto("/settings/metrics");
  await page.getByRole("button", { name: `Unarchive ${name}` }).click();
  await expect(page.getByRole("table", { name: "Custom metrics" }).getByRole("row", { name: new RegExp(name) })).toContainText("Active");
  await postUsage(request, key, [{ metric: name, value: 1 }]);
});

test("a viewer sees the metrics read-only; an archive replayed by a viewer or signed out is refused", async ({ adminPage, page, request }) => {
  const first = metricName("e2e_seats");
  const second = metricName("e2e_seats");
  for (const n of [first, second]) expect((await api(request).post("/metrics", { name: n, kind: "gauge" })).status()).toBe(201);

  // Capture the admin's own archive request (it succeeds, on the first metric)…
  await adminPage.goto("/settings/metrics");
  const waiting = adminPage.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await adminPage.getByRole("button", { name: `Archive ${first}` }).click();
  await adminPage.getByRole("alertdialog").getByRole("button", { name: "Archive metric" }).click();
  const req = await waiting;
  expect((await req.response())?.status()).toBe(200);

  const viewer = await createUser(`viewer-${uniqueSlug("mv")}@example.com`, "viewer-password-123", "viewer");
  await loginAs(page, viewer.email, viewer.password);
  await page.goto("/settings/metrics");
  await expect(page.getByRole("table", { name: "Custom metrics" }).getByRole("row", { name: new RegExp(second) })).toContainText("gauge");
  await expect(page.getByRole("button", { name: /Register metric|Archive|Unarchive/ })).toHaveCount(0);

  // …and replay it for the second metric as the viewer, then signed out.
  const body = (req.postDataBuffer()?.toString("utf8") ?? "").split(first).join(second);
  const headers = { ...req.headers() };
  for (const k of ["cookie", "content-length", "host"]) delete headers[k];
  const asViewer = await page.request.fetch(req.url(), { method: "POST", headers, data: body, maxRedirects: 0 });
  expect(await asViewer.text()).toContain("Your role can view but not change this.");
  await page.context().clearCookies();
  const signedOut = await page.request.fetch(req.url(), { method: "POST", headers, data: body, maxRedirects: 0 });
  expect(await signedOut.text()).toContain("Your session has ended");
  const listed = await (await api(request).get("/metrics")).json();
  expect(listed.data.find((m: { name: string }) => m.name === second)).toMatchObject({ archived: false });
  expect(listed.data.find((m: { name: string }) => m.name === first)).toMatchObject({ archived: true });
});

// SCREENSHOTS=1 npx playwright test e2e/usage/metrics.spec.ts -g screenshots → screenshots/metrics/
test("screenshots of the metrics page and the register dialog", async ({ adminPage: page, request }) => {
  test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write the metrics screens' screenshots");
  for (const [p, kind, unit] of [["shot_emails_sent", "counter", "count"], ["shot_seats_in_use", "gauge", "count"], ["shot_uploads", "counter", "bytes"]] as const) {
    await api(request).post("/metrics", { name: p, kind, unit, description: `Screenshot metric (${kind})` });
  }
  await shootAtSizes(page, "metrics", "metrics-page", async () => {
    await page.goto("/settings/metrics");
    await expect(page.getByRole("table", { name: "Custom metrics" })).toBeVisible();
  });
  await shootAtSizes(page, "metrics", "register-error", async () => {
    await page.goto("/settings/metrics");
    await page.getByRole("button", { name: "Register metric" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Register a usage metric" });
    await dialog.getByLabel("Name").fill("Bad Name");
    await dialog.getByRole("button", { name: "Register metric" }).click();
    await expect(dialog.getByText(/Use 2–63 lowercase/)).toBeVisible();
  }, () => false);
});
