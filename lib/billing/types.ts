// The shapes lib/billing hands to its callers (screens, server actions, commands). Amounts are in the
// currency's minor units (cents); times are Date objects (null when unknown).
import type { Metric } from "../quotas/metrics";

export type BillingMode = "test" | "live" | "off";

export interface BillingConfig {
  /** true iff STRIPE_SECRET_KEY is set */
  enabled: boolean;
  /** STRIPE_API_BASE when set (a local double or proxy), else null (api.stripe.com) */
  apiBase: string | null;
  /** Where the Stripe dashboard lives for this key's mode; links are `${dashboardUrl}/customers/cus_…` */
  dashboardUrl: string;
  mode: BillingMode;
  /** STRIPE_WEBHOOK_SECRET is set (without it the webhook endpoint refuses every event) */
  webhooksEnabled: boolean;
  /** TENANTRY_BILLING_GRACE_DAYS */
  graceDays: number;
  /** Human sentences naming what is missing ("STRIPE_WEBHOOK_SECRET is not set: …"); empty when complete. */
  problems: string[];
}

export type ConnectionCheck = { ok: true; accountId: string; livemode: boolean } | { ok: false; error: string };

/** The metrics billed through Stripe meters. */
export const BILLABLE_METRICS = ["api_requests", "egress_bytes", "storage_bytes"] as const satisfies readonly Metric[];
export type BillableMetric = (typeof BILLABLE_METRICS)[number];

export interface MetricPrice {
  metric: BillableMetric;
  /** Price in minor units for `perUnits` units (e.g. 1 cent per 1,000 requests: unitAmount 1, perUnits 1000). */
  unitAmount: number;
  perUnits: number;
}

export interface PlanPricing {
  planId: string;
  /** Monthly base price in minor units; 0 for a free base. */
  baseAmount: number;
  /** ISO currency, lower case ("usd"). */
  currency: string;
  interval: "month";
  metricPrices: MetricPrice[];
}

export interface CatalogueMetricRow {
  metric: BillableMetric;
  unitAmount: number;
  perUnits: number;
  meterId: string | null;
  eventName: string;
  priceId: string | null;
  synced: boolean;
}

export interface CatalogueRow {
  planId: string;
  planName: string;
  baseAmount: number;
  currency: string;
  interval: "month";
  productId: string | null;
  basePriceId: string | null;
  metered: CatalogueMetricRow[];
  /** Every Stripe id is recorded and matches Tenantry's prices. */
  synced: boolean;
  lastSyncedAt: Date | null;
  /** What differs between Tenantry and what was last pushed to Stripe ("base price changed: 2900 → 3900 usd"). */
  drift: string[];
}

export interface SyncReport {
  created: string[];
  updated: string[];
  archived: string[];
  unchanged: string[];
  /** Customers and subscriptions made for tenants that had none (backfill). */
  customersCreated: number;
  subscriptionsCreated: number;
  errors: string[];
}

export type BillingStatus = "none" | "trialing" | "active" | "past_due" | "unpaid" | "canceled";

export interface EstimateLine {
  metric: BillableMetric;
  quantity: number;
  unitAmount: number;
  perUnits: number;
  /** minor units, rounded to the nearest unit */
  amount: number;
}

export interface Estimate {
  periodStart: Date;
  periodEnd: Date;
  currency: string;
  base: number;
  lines: EstimateLine[];
  total: number;
}

export interface InvoiceRow {
  id: string;
  number: string | null;
  status: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  created: Date;
}

export interface MeterSyncTenantState {
  lastSyncedAt: Date | null;
  lastError: string | null;
  /** Ledger rows written but not yet confirmed by Stripe. */
  pendingDeltas: number;
}

export interface TenantBillingView {
  enabled: boolean;
  tenantId: string;
  planId: string;
  customerId: string | null;
  subscriptionId: string | null;
  /** Subscription item ids: `base` and one per billable metric. */
  itemIds: Partial<Record<"base" | BillableMetric, string>>;
  status: BillingStatus;
  statusChangedAt: Date | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  /** Set while past_due/unpaid: when the tenant will be suspended. */
  graceEndsAt: Date | null;
  /** The tenant was suspended by dunning (and will be resumed when paid). */
  suspendedByBilling: boolean;
  links: { customer: string | null; subscription: string | null };
  /** null when the plan has no pricing */
  estimate: Estimate | null;
  meterSync: MeterSyncTenantState;
  /** From Stripe; empty with invoicesError set when Stripe could not be asked. */
  invoices: InvoiceRow[];
  invoicesError: string | null;
  /** Provisioning's billing step failed (customer or subscription not made yet): why. */
  lastError: string | null;
}

export interface ReconciliationRow {
  tenantId: string;
  tenantSlug: string;
  metric: BillableMetric;
  /** period start (UTC day or month start) and end, ms */
  periodStart: Date;
  periodEnd: Date;
  tenantry: number;
  reported: number;
  /** null when Stripe could not be asked */
  stripe: number | null;
  /** tenantry − reported (and stripe − reported when known) */
  difference: number;
  stripeDifference: number | null;
}

export type WebhookOutcome = "applied" | "ignored" | "duplicate" | "failed";

export interface WebhookEventRow {
  id: string;
  type: string;
  created: Date;
  receivedAt: Date;
  outcome: WebhookOutcome;
  error: string | null;
  /** How many times Stripe delivered it (a redelivery is acknowledged and not applied again). */
  deliveries: number;
  tenantId: string | null;
}

export interface MeterSyncState {
  lastRunAt: Date | null;
  lastRunFinishedAt: Date | null;
  lastError: string | null;
  /** Ledger rows not yet confirmed by Stripe. */
  backlog: number;
  /** Rows that failed at least once and are still pending. */
  failing: number;
  lastRun: MeterSyncResult | null;
}

export interface MeterSyncResult {
  tenants: number;
  slices: number;
  /** New ledger rows written this pass (first reports and late deltas). */
  queued: number;
  sent: number;
  failed: number;
  durationMs: number;
  /** The pass's two steps, which overlap: writing ledger rows (plan) and sending them (send). */
  planMs: number;
  sendMs: number;
  /** Most requests to Stripe in flight at once during the pass (≤ the concurrency asked for). */
  maxInFlight: number;
}

export interface MeterSyncOptions {
  /** Only these tenants (tests, benches); all billed tenants when omitted. */
  tenantIds?: string[];
  /** Upper bound of requests in flight to Stripe (default 50, at most 100). */
  concurrency?: number;
  /** Override "now" (ms) for tests of the timestamp window. */
  now?: number;
}
