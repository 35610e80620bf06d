import { describe, expect, it } from "vitest";
import { csvField, toCsv, usageCsv, usageCsvFilename } from "../../lib/metering/csv";
import type { UsageView } from "../../lib/metering/usage-view";

describe("CSV (RFC 4180)", () => {
  it("quotes only what needs it, doubling quotes, with CRLF line ends", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField(null)).toBe("");
    expect(csvField(1e21)).toBe("1000000000000000000000");
    expect(csvField(0.5)).toBe("0.5");
    expect(csvField(1e-7)).toBe("0.0000001");
    expect(toCsv([["a", 1], ["b,c", 2]])).toBe('a,1\r\n"b,c",2\r\n');
  });

  it("writes one row per metric and bucket with data, and a filename naming tenant, UTC days and granularity", () => {
    const view: UsageView = {
      tenant_id: "ten_x",
      range: "7d",
      granularity: "day",
      from: "2026-11-17T00:00:00.000Z",
      to: "2026-11-24T00:00:00.000Z",
      generated_at: "2026-11-23T10:00:00.000Z",
      metrics: [
        { metric: "api_requests", kind: "counter", unit: "count", total: 5, quota: null, points: [{ t: "2026-11-17T00:00:00.000Z", value: 0 }, { t: "2026-11-18T00:00:00.000Z", value: 5 }] },
        { metric: "storage_bytes", kind: "gauge", unit: "bytes", total: 7, quota: null, points: [{ t: "2026-11-17T00:00:00.000Z", value: null }, { t: "2026-11-18T00:00:00.000Z", value: 7 }] },
      ],
    };
    expect(usageCsv(view)).toBe("metric,bucket_start,value\r\napi_requests,2026-11-18T00:00:00.000Z,5\r\nstorage_bytes,2026-11-18T00:00:00.000Z,7\r\n");
    expect(usageCsvFilename("acme-corp", view)).toBe("usage-acme-corp-2026-11-17-2026-11-23-day.csv");
    expect(usageCsvFilename('we"ird/name', view)).toBe("usage-we-ird-name-2026-11-17-2026-11-23-day.csv");
  });
});
