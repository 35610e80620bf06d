-- Billing (issue 6): Stripe ids and prices on plans, billing state on tenants, the webhook event
-- store, the meter-sync ledger.

-- CreateEnum
CREATE TYPE "BillingStatus" AS ENUM ('none', 'trialing', 'active', 'past_due', 'unpaid', 'canceled');

-- AlterTable
ALTER TABLE "plans" ADD COLUMN     "billing_base_amount" INTEGER,
ADD COLUMN     "billing_currency" TEXT NOT NULL DEFAULT 'usd',
ADD COLUMN     "billing_synced_at" TIMESTAMPTZ(3),
ADD COLUMN     "stripe_base_price_id" TEXT,
ADD COLUMN     "stripe_base_price_sig" TEXT,
ADD COLUMN     "stripe_product_id" TEXT;

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billing_error" TEXT,
ADD COLUMN     "billing_grace_ends_at" TIMESTAMPTZ(3),
ADD COLUMN     "billing_period_end" TIMESTAMPTZ(3),
ADD COLUMN     "billing_period_start" TIMESTAMPTZ(3),
ADD COLUMN     "billing_state_at" TIMESTAMPTZ(3),
ADD COLUMN     "billing_status" "BillingStatus" NOT NULL DEFAULT 'none',
ADD COLUMN     "billing_status_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "billing_suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "stripe_customer_id" TEXT,
ADD COLUMN     "stripe_item_ids" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "stripe_subscription_id" TEXT;

-- CreateTable
CREATE TABLE "billing_plan_prices" (
    "plan_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "unit_amount" INTEGER NOT NULL,
    "per_units" INTEGER NOT NULL DEFAULT 1,
    "stripe_price_id" TEXT,
    "stripe_price_sig" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "billing_plan_prices_pkey" PRIMARY KEY ("plan_id","metric")
);

-- CreateTable
CREATE TABLE "billing_meters" (
    "metric" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "stripe_meter_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_meters_pkey" PRIMARY KEY ("metric")
);

-- CreateTable
CREATE TABLE "stripe_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "created" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "deliveries" INTEGER NOT NULL DEFAULT 1,
    "tenant_id" TEXT,

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_meter_reports" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "slice_start" TIMESTAMPTZ(3) NOT NULL,
    "seq" INTEGER NOT NULL,
    "value" BIGINT NOT NULL,
    "cumulative" BIGINT NOT NULL,
    "identifier" TEXT NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "billing_meter_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_state" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "billing_state_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "stripe_events_received_at_idx" ON "stripe_events"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "billing_meter_reports_identifier_key" ON "billing_meter_reports"("identifier");

-- CreateIndex
CREATE INDEX "billing_meter_reports_status_id_idx" ON "billing_meter_reports"("status", "id");

-- CreateIndex
CREATE INDEX "billing_meter_reports_tenant_id_sent_at_idx" ON "billing_meter_reports"("tenant_id", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "billing_meter_reports_tenant_id_metric_slice_start_seq_key" ON "billing_meter_reports"("tenant_id", "metric", "slice_start", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "tenants_stripe_customer_id_key" ON "tenants"("stripe_customer_id");

-- AddForeignKey
ALTER TABLE "billing_plan_prices" ADD CONSTRAINT "billing_plan_prices_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: starting prices for the default plans (editable on the Plans page; nothing reaches
-- Stripe until a catalogue sync). Minor units: pro $29/month, enterprise $499/month.
UPDATE "plans" SET "billing_base_amount" = 0 WHERE "id" = 'free';
UPDATE "plans" SET "billing_base_amount" = 2900 WHERE "id" = 'pro';
UPDATE "plans" SET "billing_base_amount" = 49900 WHERE "id" = 'enterprise';
INSERT INTO "billing_plan_prices" ("plan_id", "metric", "unit_amount", "per_units", "updated_at")
SELECT p.id, m.metric, m.unit_amount, m.per_units, CURRENT_TIMESTAMP
FROM "plans" p
CROSS JOIN (VALUES ('api_requests', 1, 1000), ('egress_bytes', 9, 1000000000), ('storage_bytes', 25, 1000000000)) AS m(metric, unit_amount, per_units)
WHERE p.id IN ('pro', 'enterprise');
