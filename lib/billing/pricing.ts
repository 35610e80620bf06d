// What plans cost, kept in Tenantry (the source of truth; Stripe gets copies on catalogue sync). A
// changed price is not pushed here: the next sync sees the difference, makes a new Stripe price and
// archives the old one (Stripe prices are immutable).
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/log";
import { db } from "../db/client";
import { notFound, parseOrThrow } from "../errors";
import { BILLABLE_METRICS, type BillableMetric, type MetricPrice, type PlanPricing } from "./types";

const MAX_AMOUNT = 100_000_000; // $1,000,000.00 in minor units: anything above is a typo

const amount = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number.` })
    .int(`${what} must be a whole number of cents.`)
    .min(0, `${what} cannot be negative.`)
    .max(MAX_AMOUNT, `${what} must be at most ${MAX_AMOUNT}.`);

const metricPriceSchema = z.strictObject({
  unit_amount: amount("The unit price"),
  per_units: z.coerce
    .number({ error: "Per units must be a number." })
    .int("Per units must be a whole number.")
    .min(1, "Per units must be at least 1.")
    .max(1_000_000_000, "Per units must be at most 1,000,000,000 (the column is a 32-bit integer).")
    .default(1),
});

/**
 * The form's and the API's shape: `{ base_amount, currency, metrics: { api_requests: { unit_amount,
 * per_units } | null, … } }` — a metric set to null has no price (it is metered, not billed).
 */
export const planPricingSchema = z.strictObject(
  {
    base_amount: amount("The base price"),
    currency: z
      .string({ error: "Currency is required." })
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{3}$/, "Currency must be a three-letter ISO code such as usd."),
    metrics: z
      .strictObject(
        Object.fromEntries(BILLABLE_METRICS.map((m) => [m, metricPriceSchema.nullable().optional()])) as Record<
          BillableMetric,
          z.ZodOptional<z.ZodNullable<typeof metricPriceSchema>>
        >,
        { error: (i) => (i.code === "unrecognized_keys" ? `Not a billable metric: ${i.keys.join(", ")}.` : "Must be an object.") },
      )
      .default({}),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? `Unknown field: ${i.keys.join(", ")}.` : "Must be an object.") },
);
export type PlanPricingInput = z.input<typeof planPricingSchema>;

type PlanRow = { id: string; billingBaseAmount: number | null; billingCurrency: string };
type PriceRow = { metric: string; unitAmount: number; perUnits: number };

export function toPlanPricing(plan: PlanRow, prices: PriceRow[]): PlanPricing | null {
  if (plan.billingBaseAmount === null) return null;
  const metricPrices: MetricPrice[] = BILLABLE_METRICS.flatMap((metric) => {
    const p = prices.find((x) => x.metric === metric);
    return p ? [{ metric, unitAmount: p.unitAmount, perUnits: p.perUnits }] : [];
  });
  return { planId: plan.id, baseAmount: plan.billingBaseAmount, currency: plan.billingCurrency, interval: "month", metricPrices };
}

/** The plan's pricing, or null when it has none yet. */
export async function planPricing(planId: string): Promise<PlanPricing | null> {
  const plan = await db().plan.findUnique({ where: { id: planId }, include: { metricPrices: true } });
  if (!plan) throw notFound("Plan");
  return toPlanPricing(plan, plan.metricPrices);
}

export async function setPlanPricing(planId: string, input: unknown, actor: Actor): Promise<PlanPricing> {
  const data = parseOrThrow(planPricingSchema, input, "The pricing is not valid.");
  await db().$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, include: { metricPrices: true } });
    if (!plan) throw notFound("Plan");
    const before = toPlanPricing(plan, plan.metricPrices);
    await tx.plan.update({ where: { id: planId }, data: { billingBaseAmount: data.base_amount, billingCurrency: data.currency } });
    for (const metric of BILLABLE_METRICS) {
      const v = data.metrics[metric];
      if (v === undefined) continue; // absent: unchanged
      if (v === null) {
        await tx.billingPlanPrice.deleteMany({ where: { planId, metric } });
        continue;
      }
      await tx.billingPlanPrice.upsert({
        where: { planId_metric: { planId, metric } },
        create: { planId, metric, unitAmount: v.unit_amount, perUnits: v.per_units },
        update: { unitAmount: v.unit_amount, perUnits: v.per_units },
      });
    }
    await recordAudit(tx, { actor, action: "plan.pricing_updated", data: { plan: planId, before, after: data } });
  });
  return (await planPricing(planId))!;
}
