// The usage screens' range rules and the dense view they draw: pure, plus one pass through the real
// read contract on the test database.
import { describe, expect, it } from "vitest";
import { buildView, resolveUsageRange, tenantUsageView } from "../../lib/metering/usage-view";
import type { UsageSeriesResult } from "../../lib/metering/read";
import { createTenant } from "../../lib/tenants/service";
import { writeEvents } from "../../lib/metering/writer";

/** Rows straight into usage_events through the ingest writer (what the data plane does). */
const insertCounts = (rows: { tenantId: string; metric: string; value: number; occurredAt: Date }[]) =>
  writeEvents(rows.map((r) => ({ ...r, occurredAt: r.occurredAt.getTime(), idempotencyKey: null })));
import { METRICS } from "../../lib/quotas/metrics";

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 23, 14, 37, 12); // Mon 23 Nov 2026 14:37:12 UTC

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    const err = e as { code: string; extra: { errors: { path: string; message: string }[] } };
    expect(err.code).toBe("invalid_request");
    return Object.fromEntries(err.extra.errors.map((x) => [x.path, x.message]));
  }
  throw new Error("expected a refusal");
}

describe("resolveUsageRange", () => {
  it("presets end with the current bucket and default to hours for a day, days otherwise", () => {
    const day = resolveUsageRange(new URLSearchParams("range=24h"), NOW);
    expect(day).toEqual({ range: "24h", granularity: "hour", from: Date.UTC(2026, 10, 22, 15), to: Date.UTC(2026, 10, 23, 15) });
    expect((day.to - day.from) / H).toBe(24);
    const month = resolveUsageRange({ range: "30d" }, NOW);
    expect(month.granularity).toBe("day");
    expect(month.to).toBe(Date.UTC(2026, 10, 24));
    expect((month.to - month.from) / D).toBe(30);
    expect(resolveUsageRange(new URLSearchParams(""), NOW).range).toBe("30d");
    const week = resolveUsageRange(new URLSearchParams("range=7d&granularity=hour"), NOW);
    expect((week.to - week.from) / H).toBe(168);
  });

  it("custom ranges are whole UTC days, both ends included", () => {
    const r = resolveUsageRange(new URLSearchParams("range=custom&from=2026-11-01&to=2026-11-03&granularity=hour"), NOW);
    expect(r).toEqual({ range: "custom", granularity: "hour", from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 4) });
  });

  it("refuses bad input field by field", () => {
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=1y"), NOW))).toHaveProperty("range");
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=7d&granularity=minute"), NOW))).toHaveProperty("granularity");
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=30d&granularity=hour"), NOW)).granularity).toMatch(/at most 7 days/);
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=custom"), NOW))).toEqual({ from: "Choose a start date.", to: "Choose an end date." });
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=custom&from=2026-02-30&to=2026-03-01"), NOW))).toHaveProperty("from");
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=custom&from=2026-11-10&to=2026-11-01"), NOW)).to).toMatch(/not be before/);
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=custom&from=2024-01-01&to=2026-01-01"), NOW)).to).toMatch(/at most 400 days/);
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=custom&from=2026-11-01&to=2026-11-20&granularity=hour"), NOW))).toHaveProperty("granularity");
    expect(fieldsOf(() => resolveUsageRange(new URLSearchParams("range=custom&from=yesterday&to=2026-11-01"), NOW)).from).toMatch(/date like/);
  });
});

describe("buildView", () => {
  const range = { range: "custom" as const, granularity: "day" as const, from: Date.UTC(2026, 9, 30), to: Date.UTC(2026, 10, 3) };
  const result: UsageSeriesResult = {
    tenantId: "ten_x",
    granularity: "day",
    from: range.from,
    to: range.to,
    series: [
      { metric: "api_requests", points: [{ t: Date.UTC(2026, 9, 30), value: 5 }, { t: Date.UTC(2026, 10, 2), value: 7 }] },
      { metric: "storage_bytes", points: [{ t: Date.UTC(2026, 9, 31), value: 100 }] },
      { metric: "egress_bytes", points: [] },
    ],
    totals: { api_requests: 12, storage_bytes: 100 },
  };

  it("fills every bucket: counters with 0, gauges with null; totals and quotas beside", () => {
    const v = buildView(result, range, { api_requests_per_month: 1000, storage_bytes: null }, {}, NOW);
    expect(v.from).toBe("2026-10-30T00:00:00.000Z");
    expect(v.to).toBe("2026-11-03T00:00:00.000Z");
    const [api, storage, egress] = v.metrics;
    expect(api.points.map((p) => p.value)).toEqual([5, 0, 0, 7]);
    expect(storage.points.map((p) => p.value)).toEqual([null, 100, null, null]);
    expect(egress).toMatchObject({ total: 0, quota: null });
    expect(storage).toMatchObject({ kind: "gauge", total: 100, quota: { key: "storage_bytes", limit: null, per: "level" } });
    expect(api.quota).toEqual({ key: "api_requests_per_month", limit: 1000, per: "month" });
  });

  it("runs the month-to-date total from what the month used before the range, restarting each UTC month", () => {
    const v = buildView(result, range, { api_requests_per_month: 1000 }, { api_requests: 40 }, NOW);
    expect(v.metrics[0].points.map((p) => p.month_to_date)).toEqual([45, 45, 0, 7]);
    // No quotas (the platform view): no month-to-date line.
    expect(buildView(result, range, null).metrics[0].points[0].month_to_date).toBeUndefined();
  });
});

describe("tenantUsageView on the database", () => {
  // `now` is injected (and in the past: events are received after their time), so the month-carry
  // checks run whatever today's date is.
  async function viewAt(slug: string, now: number) {
    const t = await createTenant({ name: `View ${slug}`, slug, plan: "free", isolation: "shared" }, { type: "system", label: "test" });
    const hourAgo = Math.floor(now / H) * H - H;
    await insertCounts([
      { tenantId: t.id, metric: "api_requests", value: 30, occurredAt: new Date(hourAgo + 60_000) },
      { tenantId: t.id, metric: "storage_bytes", value: 2048, occurredAt: new Date(hourAgo + 120_000) },
      // Before the last 24 hours: earlier this month on the 23rd, last month on the 1st.
      { tenantId: t.id, metric: "api_requests", value: 12, occurredAt: new Date(Math.floor(now / H) * H - 30 * H) },
    ]);
    const r = resolveUsageRange(new URLSearchParams("range=24h"), now);
    const v = await tenantUsageView(t, r, now);
    expect(v.metrics.map((m) => m.metric)).toEqual([...METRICS]);
    const api = v.metrics.find((m) => m.metric === "api_requests")!;
    expect(api.points).toHaveLength(24);
    expect(api.total).toBe(30);
    expect(api.quota).toEqual({ key: "api_requests_per_month", limit: t.quotas.api_requests_per_month, per: "month" });
    expect(v.metrics.find((m) => m.metric === "storage_bytes")!.total).toBe(2048);
    return api;
  }

  it("adds the month's earlier usage to the month-to-date line and reports the range's totals", async () => {
    const api = await viewAt("usage-view-test", NOW);
    expect(api.points.at(-1)!.month_to_date).toBe(30 + 12);
  });

  it("on the 1st, last month's usage starts the line and the new month starts it again from zero", async () => {
    const api = await viewAt("usage-view-first", Date.UTC(2026, 10, 1, 5, 20)); // 1 Nov 2026 05:20 UTC
    expect(api.points[0].month_to_date).toBe(12); // 31 Oct 06:00: October's earlier usage carried
    expect(api.points.at(-1)!.month_to_date).toBe(30); // November's only
  });
});
