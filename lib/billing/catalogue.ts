// Plans → Stripe: one product per plan, its recurring base price, one Billing Meter per billable
// metric and a metered price per plan and metric. Idempotent: what is recorded and unchanged is left
// alone; a price changed in Tenantry gets a new Stripe price and the old one is archived (Stripe prices
// are immutable; existing subscriptions keep the price they were made with until their plan changes).
// Every create carries an Idempotency-Key derived from what it makes, so a crash between Stripe's
// answer and our write is repaired by the next run without duplicates.
import Stripe from "stripe";
import { recordAudit, type Actor } from "../audit/log";
import { db } from "../db/client";
import { pool } from "../db/pool";
import { conflict } from "../errors";
import { METRIC_KIND } from "../quotas/metrics";
import { forgetPriceIndex } from "./price-index";
import { stripe } from "./config";
import { requireBilling, stripeFailed } from "./errors";
import { BILLABLE_METRICS, type BillableMetric, type CatalogueRow, type SyncReport } from "./types";

export const meterEventName = (metric: BillableMetric) => `tenantry_${metric}`;

export function baseSig(amount: number, currency: string): string {
  return `${amount} ${currency} month`;
}

export function meteredSig(unitAmount: number, perUnits: number, currency: string): string {
  return `${unitAmount}/${perUnits} ${currency}`;
}

/** unitAmount minor units per perUnits units as Stripe's unit_amount_decimal (≤ 12 decimal places). */
export function unitAmountDecimal(unitAmount: number, perUnits: number): string {
  const s = (unitAmount / perUnits).toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
  return s === "" ? "0" : s;
}

type PlanWithPrices = Awaited<ReturnType<typeof loadPlans>>[number];

function loadPlans() {
  return db().plan.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }], include: { metricPrices: true } });
}

function driftOf(p: PlanWithPrices, meters: Map<string, string>): string[] {
  const out: string[] = [];
  if (p.billingBaseAmount === null) return ["Not priced in Tenantry yet: set a base price to bill this plan."];
  if (!p.stripeProductId) out.push("No Stripe product yet.");
  const sig = baseSig(p.billingBaseAmount, p.billingCurrency);
  if (!p.stripeBasePriceId) out.push("No Stripe base price yet.");
  else if (p.stripeBasePriceSig !== sig) out.push(`Base price changed: Stripe has ${p.stripeBasePriceSig ?? "?"}, Tenantry ${sig}.`);
  for (const mp of p.metricPrices) {
    const s = meteredSig(mp.unitAmount, mp.perUnits, p.billingCurrency);
    if (!meters.has(mp.metric)) out.push(`No Stripe meter for ${mp.metric} yet.`);
    if (!mp.stripePriceId) out.push(`No Stripe price for ${mp.metric} yet.`);
    else if (mp.stripePriceSig !== s) out.push(`${mp.metric} price changed: Stripe has ${mp.stripePriceSig ?? "?"}, Tenantry ${s}.`);
  }
  return out;
}

/** The catalogue as Tenantry last recorded it, with what a sync would change (no Stripe call). */
export async function catalogue(): Promise<CatalogueRow[]> {
  const [plans, meterRows] = await Promise.all([loadPlans(), db().billingMeter.findMany()]);
  const meters = new Map(meterRows.map((m) => [m.metric, m.stripeMeterId]));
  return plans.map((p) => {
    const drift = driftOf(p, meters);
    return {
      planId: p.id,
      planName: p.name,
      baseAmount: p.billingBaseAmount ?? 0,
      currency: p.billingCurrency,
      interval: "month" as const,
      productId: p.stripeProductId,
      basePriceId: p.stripeBasePriceId,
      metered: BILLABLE_METRICS.flatMap((metric) => {
        const mp = p.metricPrices.find((x) => x.metric === metric);
        if (!mp) return [];
        return [
          {
            metric,
            unitAmount: mp.unitAmount,
            perUnits: mp.perUnits,
            meterId: meters.get(metric) ?? null,
            eventName: meterEventName(metric),
            priceId: mp.stripePriceId,
            synced: !!mp.stripePriceId && mp.stripePriceSig === meteredSig(mp.unitAmount, mp.perUnits, p.billingCurrency) && meters.has(metric),
          },
        ];
      }),
      synced: p.billingBaseAmount !== null && drift.length === 0,
      lastSyncedAt: p.billingSyncedAt,
      drift,
    };
  });
}

/** Runs `fn` holding a session advisory lock, so two syncs (two admins, two instances) never interleave. */
export async function withSyncLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [name]);
    if (!rows[0]?.ok) throw conflict("A Stripe sync is already running; try again when it has finished.");
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

async function ensureMeters(s: Stripe, report: SyncReport): Promise<Map<BillableMetric, string>> {
  const recorded = new Map((await db().billingMeter.findMany()).map((m) => [m.metric, m.stripeMeterId]));
  const out = new Map<BillableMetric, string>();
  let existing: Stripe.Billing.Meter[] | null = null;
  for (const metric of BILLABLE_METRICS) {
    const eventName = meterEventName(metric);
    const id = recorded.get(metric);
    if (id) {
      out.set(metric, id);
      report.unchanged.push(`meter ${eventName} (${id})`);
      continue;
    }
    // A meter made by an earlier run whose write was lost (or by another Tenantry on the same account):
    // Stripe allows one active meter per event name, so adopt it rather than fail.
    existing ??= await s.billing.meters.list({ status: "active", limit: 100 }).autoPagingToArray({ limit: 1000 });
    let meter = existing.find((m) => m.event_name === eventName);
    if (!meter) {
      meter = await s.billing.meters.create(
        {
          display_name: `Tenantry ${metric.replace(/_/g, " ")}`,
          event_name: eventName,
          default_aggregation: { formula: METRIC_KIND[metric] === "gauge" ? "last" : "sum" },
          customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
          value_settings: { event_payload_key: "value" },
        },
        { idempotencyKey: `tenantry-meter-${eventName}` },
      );
      report.created.push(`meter ${eventName} (${meter.id})`);
    } else report.updated.push(`meter ${eventName} adopted (${meter.id})`);
    await db().billingMeter.upsert({ where: { metric }, create: { metric, eventName, stripeMeterId: meter.id }, update: { eventName, stripeMeterId: meter.id } });
    out.set(metric, meter.id);
  }
  return out;
}

async function syncPlan(s: Stripe, p: PlanWithPrices, meters: Map<BillableMetric, string>, report: SyncReport): Promise<void> {
  if (p.billingBaseAmount === null) {
    report.unchanged.push(`plan ${p.id}: not priced, skipped`);
    return;
  }
  // Product
  let productId = p.stripeProductId;
  if (!productId) {
    const product = await s.products.create(
      { name: p.name, metadata: { tenantry_plan_id: p.id } },
      { idempotencyKey: `tenantry-product-${p.id}` },
    );
    productId = product.id;
    await db().plan.update({ where: { id: p.id }, data: { stripeProductId: productId } });
    report.created.push(`product ${p.id} (${productId})`);
  } else {
    const product = await s.products.retrieve(productId);
    if (product.name !== p.name || !product.active) {
      await s.products.update(productId, { name: p.name, active: true });
      report.updated.push(`product ${p.id} (${productId}): name "${p.name}"`);
    } else report.unchanged.push(`product ${p.id} (${productId})`);
  }

  // Base price
  const sig = baseSig(p.billingBaseAmount, p.billingCurrency);
  if (p.stripeBasePriceId && p.stripeBasePriceSig === sig) report.unchanged.push(`price ${p.id} base ${sig} (${p.stripeBasePriceId})`);
  else {
    const old = p.stripeBasePriceId;
    const price = await s.prices.create(
      {
        product: productId,
        currency: p.billingCurrency,
        unit_amount: p.billingBaseAmount,
        recurring: { interval: "month", usage_type: "licensed" },
        metadata: { tenantry_plan_id: p.id, tenantry_kind: "base" },
      },
      // A key per (plan, price, predecessor): a retry after a crash finds the same price; the same
      // amount chosen again later (after another change) gets a fresh one.
      { idempotencyKey: `tenantry-price-${p.id}-base-${sig.replace(/ /g, "-")}-after-${old ?? "none"}` },
    );
    await db().plan.update({ where: { id: p.id }, data: { stripeBasePriceId: price.id, stripeBasePriceSig: sig } });
    report.created.push(`price ${p.id} base ${sig} (${price.id})`);
    if (old) {
      await s.prices.update(old, { active: false });
      report.archived.push(`price ${p.id} base (${old})`);
    }
  }

  // Metered prices
  for (const mp of p.metricPrices) {
    const metric = mp.metric as BillableMetric;
    const meterId = meters.get(metric);
    if (!meterId) continue;
    const msig = meteredSig(mp.unitAmount, mp.perUnits, p.billingCurrency);
    if (mp.stripePriceId && mp.stripePriceSig === msig) {
      report.unchanged.push(`price ${p.id} ${metric} ${msig} (${mp.stripePriceId})`);
      continue;
    }
    const old = mp.stripePriceId;
    const price = await s.prices.create(
      {
        product: productId,
        currency: p.billingCurrency,
        unit_amount_decimal: Stripe.Decimal.from(unitAmountDecimal(mp.unitAmount, mp.perUnits)),
        recurring: { interval: "month", usage_type: "metered", meter: meterId },
        metadata: { tenantry_plan_id: p.id, tenantry_kind: "metered", tenantry_metric: metric, tenantry_price: msig },
      },
      { idempotencyKey: `tenantry-price-${p.id}-${metric}-${msig.replace(/[ /]/g, "-")}-after-${old ?? "none"}` },
    );
    await db().billingPlanPrice.update({ where: { planId_metric: { planId: p.id, metric } }, data: { stripePriceId: price.id, stripePriceSig: msig } });
    report.created.push(`price ${p.id} ${metric} ${msig} (${price.id})`);
    if (old) {
      await s.prices.update(old, { active: false });
      report.archived.push(`price ${p.id} ${metric} (${old})`);
    }
  }
  await db().plan.update({ where: { id: p.id }, data: { billingSyncedAt: new Date() } });
}

export function emptyReport(): SyncReport {
  return { created: [], updated: [], archived: [], unchanged: [], customersCreated: 0, subscriptionsCreated: 0, errors: [] };
}

/** Pushes the catalogue to Stripe. Running it twice in a row changes nothing the second time. */
export async function syncCatalogue(actor: Actor): Promise<SyncReport> {
  requireBilling();
  const report = emptyReport();
  await withSyncLock("tenantry:stripe-catalogue", async () => {
    const s = stripe();
    try {
      const meters = await ensureMeters(s, report);
      for (const p of await loadPlans()) await syncPlan(s, p, meters, report);
    } catch (e) {
      throw stripeFailed("The catalogue sync stopped (what was done so far is kept; run it again)", e);
    } finally {
      forgetPriceIndex();
      if (report.created.length + report.updated.length + report.archived.length > 0) {
        await recordAudit(db(), {
          actor,
          action: "billing.catalogue_synced",
          data: { created: report.created, updated: report.updated, archived: report.archived },
        });
      }
    }
  });
  return report;
}

/** `npm run stripe:sync` and the Billing page's Sync button: the catalogue, then every tenant's customer and subscription. */
export async function syncAll(actor: Actor): Promise<SyncReport> {
  const report = await syncCatalogue(actor);
  const { backfillCustomers } = await import("./customers");
  const b = await backfillCustomers(actor);
  report.customersCreated = b.customersCreated;
  report.subscriptionsCreated = b.subscriptionsCreated;
  report.errors.push(...b.errors);
  return report;
}
