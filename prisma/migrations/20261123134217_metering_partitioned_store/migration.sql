-- Metering (issue 5), written by hand: Prisma cannot describe partitioned tables.
--
-- usage_events becomes RANGE-partitioned by occurred_at, one partition per UTC day
-- (usage_events_pYYYYMMDD) plus a DEFAULT partition as a safety net. Partitions are created ahead by
-- lib/metering/partitions.ts (at start and by the maintenance job); the ones below cover the rows
-- already stored and the window events may be dated in (35 days back, a week ahead).
--
-- Indexes are kept to what reads need, for ingest speed:
--   (tenant_id, metric, occurred_at)  the raw part of a read (the last partial hour) and quota reads
--   (received_at)                     the rollup job's cursor and the read path's raw tail; appended in
--                                     order, so cheap to maintain
-- Idempotency keys are NOT indexed here: they live in usage_idempotency (below), written in the same
-- statement as the events, and purged after 24 h (a unique index on random keys over every row would
-- halve ingest throughput).

ALTER TABLE "usage_events" RENAME TO "usage_events_old";
ALTER INDEX "usage_events_pkey" RENAME TO "usage_events_old_pkey";
ALTER INDEX "usage_events_tenant_id_metric_occurred_at_idx" RENAME TO "usage_events_old_tenant_metric_idx";
ALTER INDEX "usage_events_tenant_idempotency_key" RENAME TO "usage_events_old_idempotency_key";

CREATE TABLE "usage_events" (
    "id" BIGINT NOT NULL DEFAULT nextval('usage_events_id_seq'),
    "tenant_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
) PARTITION BY RANGE ("occurred_at");
ALTER SEQUENCE "usage_events_id_seq" OWNED BY "usage_events"."id";
-- Ids are only a tie-break between events of the same millisecond; caching them saves a sequence
-- round trip per row under heavy ingest.
ALTER SEQUENCE "usage_events_id_seq" CACHE 1000;

CREATE INDEX "usage_events_tenant_metric_occurred_idx" ON "usage_events" ("tenant_id", "metric", "occurred_at");
CREATE INDEX "usage_events_received_idx" ON "usage_events" ("received_at");

CREATE TABLE "usage_events_default" PARTITION OF "usage_events" DEFAULT;

DO $$
DECLARE
  first_day date := LEAST((SELECT min(occurred_at AT TIME ZONE 'UTC')::date FROM usage_events_old), (now() AT TIME ZONE 'UTC')::date - 36);
  last_day date := (now() AT TIME ZONE 'UTC')::date + 7;
  d date;
BEGIN
  IF first_day IS NULL THEN first_day := (now() AT TIME ZONE 'UTC')::date - 36; END IF;
  d := first_day;
  WHILE d <= last_day LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
      'usage_events_p' || to_char(d, 'YYYYMMDD'),
      (d::timestamp AT TIME ZONE 'UTC'),
      ((d + 1)::timestamp AT TIME ZONE 'UTC')
    );
    d := d + 1;
  END LOOP;
END $$;

-- Which events' idempotency keys have been seen, for 24 hours (then purged by the maintenance job;
-- a row older than that no longer counts as a duplicate even before it is purged).
CREATE TABLE "usage_idempotency" (
    "tenant_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "usage_idempotency_pkey" PRIMARY KEY ("tenant_id", "key")
);
CREATE INDEX "usage_idempotency_created_at_idx" ON "usage_idempotency" ("created_at");

INSERT INTO "usage_events" ("id", "tenant_id", "metric", "value", "occurred_at", "idempotency_key", "received_at")
SELECT "id", "tenant_id", "metric", "value", "occurred_at", "idempotency_key", "received_at" FROM "usage_events_old";
INSERT INTO "usage_idempotency" ("tenant_id", "key", "created_at")
SELECT "tenant_id", "idempotency_key", "received_at" FROM "usage_events_old"
WHERE "idempotency_key" IS NOT NULL AND "received_at" > now() - interval '24 hours'
ON CONFLICT DO NOTHING;
DROP TABLE "usage_events_old";

-- Rollups ("continuous aggregates"): one row per tenant, metric and UTC hour / day. `sum` and `count`
-- add up; `max` is the highest level; `last` is the value of the latest event (by occurred_at) and
-- `last_at` its time: what a gauge's level is. Materialized incrementally by lib/metering/rollup.ts up
-- to the cursor in metering_state.
CREATE TABLE "usage_hourly" (
    "tenant_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "last" DOUBLE PRECISION,
    "last_at" TIMESTAMPTZ(3),
    "count" BIGINT NOT NULL,
    CONSTRAINT "usage_hourly_pkey" PRIMARY KEY ("tenant_id", "metric", "bucket")
);
CREATE INDEX "usage_hourly_bucket_idx" ON "usage_hourly" ("bucket");

CREATE TABLE "usage_daily" (
    "tenant_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "last" DOUBLE PRECISION,
    "last_at" TIMESTAMPTZ(3),
    "count" BIGINT NOT NULL,
    CONSTRAINT "usage_daily_pkey" PRIMARY KEY ("tenant_id", "metric", "bucket")
);
CREATE INDEX "usage_daily_bucket_idx" ON "usage_daily" ("bucket");

-- The rollup cursor: every event RECEIVED before `watermark` is in the rollups; events received at or
-- after it (whatever their occurred_at: late events too) are the raw tail reads add on top.
CREATE TABLE "metering_state" (
    "name" TEXT NOT NULL,
    "watermark" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "metering_state_pkey" PRIMARY KEY ("name")
);
-- Starts at the epoch: the first run rolls up every event already stored.
INSERT INTO "metering_state" ("name", "watermark") VALUES ('rollup', 'epoch');
