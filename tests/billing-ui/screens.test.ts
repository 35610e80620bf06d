// The billing screens' pieces that need no browser: the billing-off branch (what every billing page
// draws when STRIPE_SECRET_KEY is not set), money and price formatting, the amount parser the pricing
// form's action uses, and who may start Checkout.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { billingConfig } from "@/lib/billing";
import { portalCan, type Principal } from "@/lib/auth/permissions";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { BillingStatusBadge } from "@/components/billing/status-badge";
import { formatMoney, formatPeriod, formatQuantity, formatUnitPrice, parseMajorAmount } from "@/components/billing/money";

const saved = { key: process.env.STRIPE_SECRET_KEY, secret: process.env.STRIPE_WEBHOOK_SECRET };
afterEach(() => {
  for (const [k, v] of [["STRIPE_SECRET_KEY", saved.key], ["STRIPE_WEBHOOK_SECRET", saved.secret]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("billing off", () => {
  it("is off without STRIPE_SECRET_KEY, which is the condition every billing page branches on", () => {
    delete process.env.STRIPE_SECRET_KEY;
    expect(billingConfig().enabled).toBe(false);
    process.env.STRIPE_SECRET_KEY = "sk_test_x";
    expect(billingConfig().enabled).toBe(true);
  });

  it("tells platform staff which variables to set, and a tenant's people that there is nothing to pay", () => {
    const console = renderToStaticMarkup(createElement(BillingNotConfigured, { audience: "console" }));
    expect(console).toContain("Billing is not configured");
    expect(console).toContain("STRIPE_SECRET_KEY");
    expect(console).toContain("STRIPE_WEBHOOK_SECRET");
    const portal = renderToStaticMarkup(createElement(BillingNotConfigured, { audience: "portal" }));
    expect(portal).toContain("Billing is not configured");
    expect(portal).not.toContain("STRIPE_SECRET_KEY");
    expect(portal).toContain("nothing to pay");
  });
});

describe("formatting", () => {
  it("prints money in the currency's own units, and metered unit prices below a cent without rounding them away", () => {
    expect(formatMoney(2900, "usd")).toBe("$29.00");
    expect(formatMoney(500, "jpy")).toBe("¥500");
    expect(formatMoney(1, "usd", { precise: true })).toBe("$0.01");
    expect(formatUnitPrice("api_requests", 1, 1000, "usd")).toBe("$0.01 per 1,000");
    expect(formatUnitPrice("egress_bytes", 9, 1e9, "usd")).toBe("$0.09 per GB");
    expect(formatUnitPrice("api_requests", 5, 1, "usd")).toBe("$0.05 per unit");
    expect(formatQuantity("egress_bytes", 1_500_000_000)).toBe("1.5 GB");
    expect(formatQuantity("api_requests", 1234567)).toBe("1,234,567");
    expect(formatPeriod("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")).toBe("Nov 1 – Dec 1, 2026");
    expect(formatPeriod(null, null)).toBe("—");
  });

  it("labels every billing status", () => {
    for (const [status, label] of [
      ["none", "No subscription"],
      ["trialing", "Trialing"],
      ["active", "Active"],
      ["past_due", "Past due"],
      ["unpaid", "Unpaid"],
      ["canceled", "Canceled"],
    ]) {
      expect(renderToStaticMarkup(createElement(BillingStatusBadge, { status }))).toContain(label);
    }
  });
});

describe("parseMajorAmount", () => {
  it("turns what people type into minor units", () => {
    expect(parseMajorAmount("29", "usd")).toEqual({ ok: true, minor: 2900 });
    expect(parseMajorAmount("29.5", "usd")).toEqual({ ok: true, minor: 2950 });
    expect(parseMajorAmount(" 1,299.00 ", "usd")).toEqual({ ok: true, minor: 129900 });
    expect(parseMajorAmount("0.01", "usd")).toEqual({ ok: true, minor: 1 });
    expect(parseMajorAmount("0.010", "usd")).toEqual({ ok: true, minor: 1 });
    expect(parseMajorAmount("500", "jpy")).toEqual({ ok: true, minor: 500 });
  });

  it("refuses what is not an amount, negative amounts and fractions of the minor unit", () => {
    for (const raw of ["", "abc", "-3", "1e3", "12.", "$5"]) {
      expect(parseMajorAmount(raw, "usd"), raw).toEqual({ ok: false, message: "Enter an amount such as 29.00." });
    }
    expect(parseMajorAmount("0.001", "usd")).toMatchObject({ ok: false, message: expect.stringContaining("At most 2 decimals") });
    expect(parseMajorAmount("5.5", "jpy")).toEqual({ ok: false, message: "Whole amounts only." });
  });
});

describe("who may start Checkout and open the Billing Portal", () => {
  const principal = (role: "owner" | "admin" | "member" | null, platformRole: Principal["platformRole"] = "none"): Principal => ({
    userId: "usr_1",
    email: "a@example.test",
    platformRole,
    memberships: role ? { ten_1: role } : {},
  });

  it("owners and admins of the tenant, no one else (platform staff only view as)", () => {
    expect(portalCan(principal("owner"), "tenant:billing", "ten_1")).toBe(true);
    expect(portalCan(principal("admin"), "tenant:billing", "ten_1")).toBe(true);
    expect(portalCan(principal("member"), "tenant:billing", "ten_1")).toBe(false);
    expect(portalCan(principal("owner"), "tenant:billing", "ten_2")).toBe(false);
    expect(portalCan(principal(null, "admin"), "tenant:billing", "ten_1")).toBe(false);
    expect(portalCan(principal(null, "viewer"), "tenant:billing", "ten_1")).toBe(false);
  });
});
