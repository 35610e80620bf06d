// The charts' axis ticks and UTC labels (components/usage/metric-format.ts, pure).
import { describe, expect, it } from "vitest";
import { formatBucket, formatSpan, formatTick, midnightTicks, niceTicks } from "../../components/usage/metric-format";

const GB = 1024 ** 3;
const MB = 1024 ** 2;

describe("chart ticks and labels", () => {
  it("steps bytes in round binary units and counts in 1/2/2.5/5 × 10ⁿ, covering the maximum", () => {
    expect(niceTicks("storage_bytes", 100 * GB)).toEqual([0, 25 * GB, 50 * GB, 75 * GB, 100 * GB]);
    expect(niceTicks("storage_bytes", 600 * MB)).toEqual([0, 200 * MB, 400 * MB, 600 * MB]);
    expect(niceTicks("read_ops", 1400)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks("read_ops", 3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks("read_ops", 0)).toBeUndefined();
    // A registered metric's unit decides, whatever its name says.
    expect(niceTicks("uploads", 600 * MB, "bytes")).toEqual([0, 200 * MB, 400 * MB, 600 * MB]);
    expect(niceTicks("odd_bytes", 1400, "count")).toEqual([0, 500, 1000, 1500]);
    const t = niceTicks("api_requests", 987_654)!;
    expect(t.at(-1)).toBeGreaterThanOrEqual(987_654);
    expect(t.length).toBeLessThanOrEqual(6);
  });

  it("labels in UTC", () => {
    expect(formatTick("2026-11-23T00:00:00.000Z", "hour")).toBe("Nov 23");
    expect(formatTick("2026-11-23T14:00:00.000Z", "hour")).toBe("14:00");
    expect(formatBucket("2026-11-23T23:00:00.000Z", "hour")).toBe("Nov 23, 2026 23:00–00:00 UTC");
    expect(formatBucket("2026-11-23T00:00:00.000Z", "day")).toBe("Nov 23, 2026 (UTC day)");
    expect(formatSpan("2026-11-17T00:00:00.000Z", "2026-11-24T00:00:00.000Z")).toBe("Nov 17 – Nov 23, 2026");
    expect(formatSpan("2025-12-30T00:00:00.000Z", "2026-01-02T00:00:00.000Z")).toBe("Dec 30, 2025 – Jan 1, 2026");
    expect(formatSpan("2026-11-23T00:00:00.000Z", "2026-11-24T00:00:00.000Z")).toBe("Nov 23, 2026");
    const hours = Array.from({ length: 72 }, (_, i) => ({ t: new Date(Date.UTC(2026, 10, 20, 5 + i)).toISOString() }));
    expect(midnightTicks(hours)).toEqual(["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
    expect(midnightTicks(hours.slice(0, 24))).toBeUndefined();
  });
});
