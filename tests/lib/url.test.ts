import { describe, expect, it } from "vitest";
import { literalIfMalformed } from "@/lib/http/url";

describe("request targets Next cannot decode", () => {
  it("a path whose escapes decode is left alone, query and all", () => {
    expect(literalIfMalformed("/tenants/ten_1/usage?range=7d")).toBe("/tenants/ten_1/usage?range=7d");
    expect(literalIfMalformed("/tenants/caf%C3%A9")).toBe("/tenants/caf%C3%A9");
  });

  it("a path with a broken escape is taken literally (its % escaped), the query untouched", () => {
    expect(literalIfMalformed("/tenants/%E0%A4%A/usage")).toBe("/tenants/%25E0%25A4%25A/usage");
    expect(literalIfMalformed("/tenants/%zz?range=%E0")).toBe("/tenants/%25zz?range=%E0");
    expect(decodeURIComponent(literalIfMalformed("/tenants/%E0%A4%A/usage"))).toBe("/tenants/%E0%A4%A/usage");
  });
});
