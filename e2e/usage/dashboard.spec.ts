// The console dashboard: this month's platform totals, the platform chart, the top tenants and the
// tenants near their quota all reflect usage posted through the data plane.
import { test, expect } from "../fixtures";
import { chart, chartSummary, HOUR, postUsage, tenantWithKey } from "./helpers";

test.describe.configure({ timeout: 90_000 });

test("totals, top tenants and tenants near their quota reflect posted usage", async ({ adminPage: page, request }) => {
  const big = await tenantWithKey(request, "udbig", "enterprise");
  const near = await tenantWithKey(request, "udnear", "free");
  await postUsage(request, big.key, [{ metric: "api_requests", value: 5e12, ago: 60_000 }]);
  // The free plan allows 1 GB of files: 900 MB is 87.9 %. (File storage is reported by the tenant's
  // software; database storage would be overwritten by the storage sampler's real measurement.)
  await postUsage(request, near.key, [{ metric: "file_storage_bytes", value: 900 * 1024 ** 2, ago: 60_000 }]);

  await page.goto("/");
  const total = page.getByRole("group", { name: "API requests this month" });
  await expect(total).toBeVisible();
  const exact = Number((await total.locator("[title]").getAttribute("title"))!.replaceAll(",", ""));
  expect(exact).toBeGreaterThanOrEqual(5e12);

  const top = page.getByRole("region", { name: "Top tenants this month" });
  await expect(top.getByRole("listitem").first()).toContainText(big.tenant.name);
  await expect(top.getByRole("listitem").first()).toContainText("5T");
  await top.getByRole("link", { name: big.tenant.name }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${big.tenant.id}/usage$`));

  await page.goto("/");
  const nearList = page.getByRole("region", { name: "Near their quota" });
  const row = nearList.getByRole("row").filter({ hasText: near.tenant.name });
  await expect(row).toContainText("File storage");
  await expect(row.getByRole("meter")).toHaveAttribute("aria-valuetext", "900 MB of 1 GB");
  await expect(nearList.getByRole("row").filter({ hasText: big.tenant.name })).toHaveCount(0);

  const platform = page.getByRole("region", { name: "Platform usage" });
  await expect(chartSummary(platform, "API requests")).toHaveAttribute("aria-label", /total [\d,]+/, { timeout: 20_000 });
  await expect(chart(platform, "Egress")).toBeVisible();
  const summary = (await chartSummary(platform, "API requests").getAttribute("aria-label"))!;
  expect(Number(summary.match(/total ([\d,]+)/)![1].replaceAll(",", ""))).toBeGreaterThanOrEqual(5e12);
});
