// The admin tenant Usage tab: a chart per metric with the right totals and the quota, range and
// granularity in the URL and in the request, live updates without reload, CSV, empty and error states.
import fs from "node:fs";
import { test, expect as baseExpect } from "../fixtures";
import { chart, chartSummary, DAY, HOUR, METRIC_LABELS, postUsage, tenantWithKey } from "./helpers";

test.describe.configure({ timeout: 120_000 });
// Each click re-requests and redraws; on the shared 2-core machine (load 15–25 while five people build
// and test) that has taken over 7.5 s. The waits are for the browser and server, not for polling.
const expect = baseExpect.configure({ timeout: 20_000 });

test("a chart per metric with totals and quota; range and granularity change the request and the chart", async ({ adminPage: page, request }) => {
  const { tenant, key } = await tenantWithKey(request, "uc");
  await postUsage(request, key, [
    { metric: "read_ops", value: 1200, ago: HOUR },
    { metric: "read_ops", value: 34, ago: 3 * DAY },
    { metric: "file_storage_bytes", value: 5 * 1024 ** 3, ago: 2 * HOUR },
    { metric: "file_storage_bytes", value: 6 * 1024 ** 3, ago: HOUR },
  ]);
  await page.goto(`/tenants/${tenant.id}`);
  const tabs = page.getByRole("navigation", { name: "Tenant sections" });
  await tabs.getByRole("link", { name: "Usage" }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${tenant.id}/usage$`));
  await expect(tabs.getByRole("link", { name: "Usage" })).toHaveAttribute("aria-current", "page");

  // The first load may be slow on a busy machine; later waits are for polled or re-requested data.
  await expect(chartSummary(page, "Read operations")).toBeVisible({ timeout: 20_000 });
  for (const label of METRIC_LABELS) await expect(chart(page, label)).toBeVisible();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 30 points, .*\(UTC\); total 1,234$/);
  await expect(chart(page, "Read operations").getByTitle("1,234")).toHaveText("1.2K");
  // A gauge: the latest level, and the plan's limit as the reference line. (File storage, which the
  // tenant's software reports; database storage is measured by the sampler and would be overwritten.)
  await expect(chartSummary(page, "File storage")).toHaveAttribute("aria-label", /latest 6 GB \(6,442,450,944 bytes\); quota 100 GB/);
  await expect(chart(page, "File storage").getByText("Limit 100 GB")).toBeVisible();
  await expect(chart(page, "API requests").getByText(/Quota 1M \/ month/)).toBeVisible();
  await expect(chart(page, "File storage").locator(".recharts-reference-line")).toHaveCount(1);

  // 24 hours: the request asks for it, the URL keeps it, the 3-day-old event leaves the total.
  const hourly = page.waitForRequest((r) => r.url().includes(`/tenants/${tenant.id}/usage/data?range=24h&granularity=hour`));
  await page.getByRole("button", { name: "Last 24 hours" }).click();
  await hourly;
  await expect(page).toHaveURL(/\?range=24h&granularity=hour$/);
  await expect(page.getByRole("button", { name: "Last 24 hours" })).toHaveAttribute("aria-pressed", "true");
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by hour, 24 points, .*total 1,200$/);

  // 7 days by hour, then by day.
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by hour, 168 points, .*total 1,234$/);
  const daily = page.waitForRequest((r) => r.url().includes("range=7d&granularity=day"));
  await page.getByRole("group", { name: "Granularity" }).getByRole("button", { name: "Day" }).click();
  await daily;
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 7 points, /);

  // 90 days: hourly is not offered.
  await page.getByRole("button", { name: "Last 90 days" }).click();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 90 points, /);
  await expect(page.getByRole("group", { name: "Granularity" }).getByRole("button", { name: "Hour" })).toBeDisabled();

  // The URL is the view: reload and back land on the same charts.
  await page.reload();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 90 points, /, { timeout: 20_000 });
  await page.goBack();
  await expect(page).toHaveURL(/range=7d&granularity=day/);
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 7 points, /, { timeout: 20_000 });
});

test("a newly posted event shows up without a reload (polling)", async ({ adminPage: page, request }) => {
  const { tenant, key } = await tenantWithKey(request, "up");
  await postUsage(request, key, [{ metric: "write_ops", value: 10, ago: HOUR }]);
  await page.goto(`/tenants/${tenant.id}/usage?range=24h&granularity=hour`);
  await expect(chartSummary(page, "Write operations")).toHaveAttribute("aria-label", /total 10$/, { timeout: 20_000 });
  await postUsage(request, key, [{ metric: "write_ops", value: 5 }]);
  // Polled every 15 s while the tab is visible.
  await expect(chartSummary(page, "Write operations")).toHaveAttribute("aria-label", /total 15$/, { timeout: 35_000 });
});

test("CSV download matches the charts' range and data", async ({ adminPage: page, request }) => {
  const { tenant, key } = await tenantWithKey(request, "ucsv");
  await postUsage(request, key, [
    { metric: "read_ops", value: 7, ago: 2 * HOUR },
    { metric: "read_ops", value: 8, ago: 2 * DAY },
    { metric: "realtime_connections", value: 42, ago: HOUR },
  ]);
  await page.goto(`/tenants/${tenant.id}/usage?range=7d&granularity=day`);
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /total 15$/, { timeout: 20_000 });
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^usage-${tenant.slug}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}-day\\.csv$`));
  const text = fs.readFileSync((await download.path())!, "utf8");
  const lines = text.split("\r\n");
  expect(lines[0]).toBe("metric,bucket_start,value");
  expect(lines.at(-1)).toBe("");
  const rows = lines.slice(1, -1).map((l) => l.split(","));
  const day = (ago: number) => new Date(Math.floor((Date.now() - ago) / DAY) * DAY).toISOString();
  expect(rows.filter((r) => r[0] === "read_ops").map((r) => [r[1], Number(r[2])]).sort()).toEqual(
    [
      [day(2 * DAY), 8],
      [day(2 * HOUR), 7],
    ].sort(),
  );
  expect(rows).toContainEqual(["realtime_connections", day(HOUR), "42"]);

  const res = await page.request.get(`/tenants/${tenant.id}/usage/csv?range=24h`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="usage-.*-hour\.csv"$/);
  expect(await res.text()).not.toContain(",8\r\n");
});

test("a tenant without usage gets the empty state", async ({ adminPage: page, request }) => {
  const { tenant } = await tenantWithKey(request, "uempty");
  await page.goto(`/tenants/${tenant.id}/usage`);
  await expect(page.getByText("No usage in this range")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/POST \/api\/v1\/usage/)).toBeVisible();
});

test("a bad custom range reads as a message; a failed load offers a retry that works", async ({ adminPage: page, request }) => {
  const { tenant, key } = await tenantWithKey(request, "uerr");
  await postUsage(request, key, [{ metric: "read_ops", value: 3, ago: HOUR }]);
  await page.goto(`/tenants/${tenant.id}/usage`);
  await expect(chartSummary(page, "Read operations")).toBeVisible({ timeout: 20_000 });

  await page.getByRole("button", { name: "Custom range" }).click();
  await page.getByLabel("From (UTC)").fill("2026-11-20");
  await page.getByLabel("To (UTC)").fill("2026-11-01");
  await page.getByRole("button", { name: "Apply" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "This range can't be shown" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("To: The end date must not be before the start date.");
  await expect(page).toHaveURL(/range=custom&granularity=day&from=2026-11-20&to=2026-11-01/);

  // A valid custom range again.
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 6 * DAY).toISOString().slice(0, 10);
  await page.getByLabel("From (UTC)").fill(weekAgo);
  await page.getByLabel("To (UTC)").fill(today);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 7 points, .*total 3$/);

  // The server failing: an error with a retry, which recovers once the server answers again.
  const usageData = (url: URL) => url.pathname.endsWith("/usage/data");
  await page.route(usageData, (route) =>
    route.fulfill({ status: 500, contentType: "application/problem+json", body: JSON.stringify({ status: 500, code: "internal", detail: "Something went wrong on our side." }) }),
  );
  // A range this page has not loaded yet: a cached one (30 days, the first view) would be drawn from the
  // cache while the failing refresh runs in the background, which is not what this step is about.
  await page.getByRole("button", { name: "Last 90 days" }).click();
  const failed = page.getByRole("alert").filter({ hasText: "The usage could not be loaded" });
  await expect(failed).toBeVisible({ timeout: 15_000 });
  await page.unroute(usageData);
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(chartSummary(page, "Read operations")).toHaveAttribute("aria-label", /by day, 90 points, .*total 3$/);
});

test("a tenant id that is malformed or unknown in a console tab's URL is the 404 page, not an error", async ({ adminPage: page }) => {
  for (const path of ["/tenants/%E0%A4%A/usage", "/tenants/%E0%A4%A/keys", "/tenants/ten_doesnotexist0000000000/usage"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByText("Tenant not found")).toBeVisible();
  }
});
