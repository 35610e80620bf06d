// Helpers for the usage screens' specs: a tenant with a key, and usage posted through the data plane
// the way a tenant's software does (POST /api/v1/usage with its key).
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { api, expect, uniqueSlug, type TenantJson } from "../fixtures";
import { apiKey } from "../keys/helpers";

export interface Event {
  metric: string;
  value: number;
  /** ms ago (default: now) */
  ago?: number;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export async function tenantWithKey(request: APIRequestContext, prefix = "u", plan = "pro"): Promise<{ tenant: TenantJson; key: string }> {
  const slug = uniqueSlug(prefix);
  const tenant = await api(request).createTenant({ name: `Usage ${slug}`, slug, plan, isolation: "shared" });
  const { key } = await apiKey(request, tenant.id, "usage e2e");
  return { tenant, key };
}

export async function postUsage(request: APIRequestContext, key: string, events: Event[]): Promise<void> {
  const now = Date.now();
  const res = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
    data: { events: events.map((e) => ({ metric: e.metric, value: e.value, timestamp: new Date(now - (e.ago ?? 0)).toISOString() })) },
  });
  expect(res.status(), await res.text()).toBe(202);
}

/** The chart card of a metric (a region named after it). */
export function chart(page: Page | Locator, label: string): Locator {
  return page.getByRole("region", { name: label, exact: true });
}

/** The chart's text alternative: "<metric> by day, 30 points, …; total 1,234…". */
export function chartSummary(page: Page | Locator, label: string): Locator {
  return chart(page, label).getByRole("img", { name: new RegExp(`^${label} by `) });
}

export const METRIC_LABELS = ["API requests", "Database storage", "File storage", "Egress", "Realtime connections", "Read operations", "Write operations"];
