// The in-memory index of the catalogue's Stripe price ids that subscription webhooks map their items
// through: loaded from the database, reloaded when asked about an id it does not know (at most once a
// second), after a minute whatever it knows, and at once when forgotten (a catalogue sync).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { forgetPriceIndex, priceIndex } from "@/lib/billing/price-index";
import { sql } from "../setup/db";

let saved: { base: string | null; metered: { plan_id: string; metric: string; stripe_price_id: string | null } | undefined };

beforeEach(async () => {
  const [pro] = await sql<{ stripe_base_price_id: string | null }>("SELECT stripe_base_price_id FROM plans WHERE id = 'pro'");
  const [metered] = await sql<{ plan_id: string; metric: string; stripe_price_id: string | null }>(
    "SELECT plan_id, metric, stripe_price_id FROM billing_plan_prices ORDER BY plan_id, metric LIMIT 1",
  );
  saved = { base: pro.stripe_base_price_id, metered };
  await sql("UPDATE plans SET stripe_base_price_id = 'price_idx_base_1' WHERE id = 'pro'");
  if (metered) await sql("UPDATE billing_plan_prices SET stripe_price_id = 'price_idx_metered_1' WHERE plan_id = $1 AND metric = $2", [metered.plan_id, metered.metric]);
  forgetPriceIndex();
});

afterEach(async () => {
  await sql("UPDATE plans SET stripe_base_price_id = $1 WHERE id = 'pro'", [saved.base]);
  if (saved.metered) await sql("UPDATE billing_plan_prices SET stripe_price_id = $3 WHERE plan_id = $1 AND metric = $2", [saved.metered.plan_id, saved.metered.metric, saved.metered.stripe_price_id]);
  forgetPriceIndex();
});

const newBasePrice = () => sql("UPDATE plans SET stripe_base_price_id = 'price_idx_base_2' WHERE id = 'pro'");

describe("price index", () => {
  it("knows the catalogue's base and metered prices", async () => {
    expect(saved.metered, "the migration seeds metered prices").toBeDefined();
    const i = await priceIndex(["price_idx_base_1"]);
    expect(i.basePrices.has("price_idx_base_1")).toBe(true);
    expect(i.metricOf.get("price_idx_metered_1")).toBe(saved.metered!.metric);
  });

  it("an unknown id reloads it, but not more than once a second", async () => {
    const first = await priceIndex(["price_idx_base_1"]);
    const loaded = Date.now(); // at or just after the index's load time
    await newBasePrice();
    // Within the second after a load: the same index, which does not know the new price yet.
    const soon = await priceIndex(["price_idx_base_2"], loaded + 100);
    expect(soon).toBe(first);
    expect(soon.basePrices.has("price_idx_base_2")).toBe(false);
    // Later: reloaded, and the new price is known.
    const later = await priceIndex(["price_idx_base_2"], Date.now() + 1_500);
    expect(later).not.toBe(first);
    expect(later.basePrices.has("price_idx_base_2")).toBe(true);
  });

  it("known ids are answered from memory until the index is a minute old", async () => {
    const first = await priceIndex(["price_idx_base_1"]);
    await newBasePrice();
    expect(await priceIndex(["price_idx_base_1"], Date.now() + 30_000)).toBe(first);
    const aged = await priceIndex(["price_idx_base_1"], Date.now() + 61_000);
    expect(aged).not.toBe(first);
    expect(aged.basePrices.has("price_idx_base_2")).toBe(true);
    expect(aged.basePrices.has("price_idx_base_1")).toBe(false);
  });

  it("forgetting it (a catalogue sync) reloads on the next question, and concurrent questions share one load", async () => {
    const first = await priceIndex(["price_idx_base_1"]);
    await newBasePrice();
    forgetPriceIndex();
    const [a, b] = await Promise.all([priceIndex(["price_idx_base_1"]), priceIndex(["price_idx_base_2"])]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(a.basePrices.has("price_idx_base_2")).toBe(true);
  });
});
