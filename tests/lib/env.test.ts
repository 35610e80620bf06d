import { afterEach, describe, expect, it } from "vitest";
import { envNumber } from "@/lib/env";
import { meteringSettings } from "@/lib/metering/settings";

const NAME = "TENANTRY_TEST_ENV_NUMBER";
afterEach(() => {
  delete process.env[NAME];
  delete process.env.TENANTRY_ROLLUP_CHUNK_S;
});

describe("numbers from the environment", () => {
  it("unset or blank is the default; a valid value is used", () => {
    expect(envNumber(NAME, 7)).toBe(7);
    process.env[NAME] = "  ";
    expect(envNumber(NAME, 7)).toBe(7);
    process.env[NAME] = "2.5";
    expect(envNumber(NAME, 7, { min: 1 })).toBe(2.5);
    process.env[NAME] = "59";
    expect(envNumber(NAME, 5, { integer: true, min: 1, max: 59 })).toBe(59);
  });

  it("anything else names the variable, the rule and the value", () => {
    process.env[NAME] = "ten";
    expect(() => envNumber(NAME, 7)).toThrow(`${NAME} must be a number, got "ten"`);
    process.env[NAME] = "0";
    expect(() => envNumber(NAME, 7, { min: 1 })).toThrow(`${NAME} must be a number ≥ 1, got "0"`);
    process.env[NAME] = "1.5";
    expect(() => envNumber(NAME, 7, { integer: true, min: 0 })).toThrow(`${NAME} must be a whole number ≥ 0, got "1.5"`);
    process.env[NAME] = "60";
    expect(() => envNumber(NAME, 5, { integer: true, min: 1, max: 59 })).toThrow(`${NAME} must be a whole number from 1 to 59, got "60"`);
    process.env[NAME] = "Infinity";
    expect(() => envNumber(NAME, 7)).toThrow(/must be a number/);
  });

  it("TENANTRY_ROLLUP_CHUNK_S is checked like the other metering settings (it used to fall back silently)", () => {
    expect(meteringSettings.rollupChunkSeconds).toBe(60);
    process.env.TENANTRY_ROLLUP_CHUNK_S = "30";
    expect(meteringSettings.rollupChunkSeconds).toBe(30);
    process.env.TENANTRY_ROLLUP_CHUNK_S = "-5";
    expect(() => meteringSettings.rollupChunkSeconds).toThrow(`TENANTRY_ROLLUP_CHUNK_S must be a number ≥ 1, got "-5"`);
  });
});
