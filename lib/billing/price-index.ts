// Which Tenantry price a Stripe price id is (a plan's base price, or a metric's metered price), from
// memory: every subscription webhook maps its items through this, and the catalogue changes only when
// it is synced. An id not in the index reloads it (new prices appear on sync), at most once a second;
// entries are also reloaded after a minute as a backstop.
import { db } from "../db/client";

export interface PriceIndex {
  basePrices: ReadonlySet<string>;
  metricOf: ReadonlyMap<string, string>;
}

const TTL_MS = 60_000;
const RELOAD_GAP_MS = 1_000;

type Globals = { __tenantryPriceIndex?: { index?: PriceIndex; loadedAt: number; loading?: Promise<PriceIndex> } };
const g = globalThis as Globals;
const state = () => (g.__tenantryPriceIndex ??= { loadedAt: 0 });

async function load(): Promise<PriceIndex> {
  const [plans, prices] = await Promise.all([
    db().plan.findMany({ where: { stripeBasePriceId: { not: null } }, select: { stripeBasePriceId: true } }),
    db().billingPlanPrice.findMany({ where: { stripePriceId: { not: null } }, select: { stripePriceId: true, metric: true } }),
  ]);
  return {
    basePrices: new Set(plans.map((p) => p.stripeBasePriceId!)),
    metricOf: new Map(prices.map((p) => [p.stripePriceId!, p.metric])),
  };
}

/** The index, reloaded when it is old or does not know one of `priceIds`. */
export async function priceIndex(priceIds: readonly string[], now = Date.now()): Promise<PriceIndex> {
  const s = state();
  const known = (i: PriceIndex) => priceIds.every((id) => i.basePrices.has(id) || i.metricOf.has(id));
  if (s.index && now - s.loadedAt < TTL_MS && (known(s.index) || now - s.loadedAt < RELOAD_GAP_MS)) return s.index;
  s.loading ??= load()
    .then((i) => {
      s.index = i;
      s.loadedAt = Date.now();
      return i;
    })
    .finally(() => (s.loading = undefined));
  return s.loading;
}

/** Forgets the index (after a catalogue sync or a price edit in this process). */
export function forgetPriceIndex(): void {
  state().loadedAt = 0;
}
