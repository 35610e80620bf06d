-- CreateTable
CREATE TABLE "usage_events" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "usage_events_tenant_id_metric_occurred_at_idx" ON "usage_events"("tenant_id", "metric", "occurred_at");

-- Hand-written: an idempotency key is unique per tenant; only rows that carry one are indexed (a
-- unique index over every row's random key would halve ingest throughput).
CREATE UNIQUE INDEX "usage_events_tenant_idempotency_key" ON "usage_events" ("tenant_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL;
