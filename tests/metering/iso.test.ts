import { describe, expect, it } from "vitest";
import { isoUtc } from "../../lib/metering/iso";

const viaDate = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

describe("isoUtc", () => {
  it("formats like Date#toISOString with .000Z shortened, around every edge of the calendar", () => {
    const edges = [
      0, -1, 1, 999, 1000, 86_399_999, 86_400_000, -86_400_000,
      Date.UTC(2000, 1, 28), Date.UTC(2000, 1, 29), Date.UTC(2000, 2, 1), Date.UTC(1900, 1, 28), Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(2024, 11, 31, 23, 59, 59), Date.UTC(2025, 0, 1),
      Date.UTC(2026, 10, 23, 17, 4, 34, 687), Date.UTC(0, 0, 1) - Date.UTC(0, 0, 1) + Date.UTC(1, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const ms of edges) expect(isoUtc(ms), String(ms)).toBe(viaDate(ms));
  });

  it("agrees with Date on every hour of four years and on random times across 1970–2200", () => {
    const start = Date.UTC(2023, 0, 1);
    for (let ms = start; ms < start + 4 * 366 * 86_400_000; ms += 3_600_000) expect(isoUtc(ms)).toBe(viaDate(ms));
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(rand() * Date.UTC(2200, 0, 1));
      expect(isoUtc(ms)).toBe(viaDate(ms));
    }
  });

  it("falls back to Date outside years 0000–9999", () => {
    for (const ms of [Date.UTC(-1, 0, 1), Date.UTC(10_000, 0, 1), 8.64e15]) expect(isoUtc(ms)).toBe(viaDate(ms));
  });

  it("drops fractions of a millisecond as Date does, and refuses what Date refuses", () => {
    for (const ms of [1.5, 999.9, -0.5, -1.5, Date.UTC(2026, 0, 1) + 0.75]) expect(isoUtc(ms)).toBe(viaDate(ms));
    expect(() => isoUtc(NaN)).toThrow(RangeError);
  });
});
