-- Hand-written: what Prisma's schema language cannot express.

-- A slug is unique among tenants that are not deleted, so a deleted tenant's slug can be reused while
-- its data waits out the grace period. Concurrent creates of one slug race on this index: one wins.
CREATE UNIQUE INDEX "tenants_slug_live_key" ON "tenants" ("slug") WHERE "status" <> 'deleted';

-- (Slug and data-location formats are checked in lib/tenants and lib/db/sql.ts, not by CHECK
-- constraints: Prisma's WASM schema engine cannot read CHECK constraints when diffing.)

-- The default plans (editable later in the Plans page). null = unlimited.
INSERT INTO "plans" ("id", "name", "api_requests_per_month", "storage_bytes", "file_storage_bytes", "realtime_connections", "requests_per_second", "sort_order", "updated_at") VALUES
  ('free',       'Free',       10000,   524288000,    1073741824,   100,   100,   1, now()),
  ('pro',        'Pro',        1000000, 107374182400, 107374182400, 10000, 10000, 2, now()),
  ('enterprise', 'Enterprise', NULL,    NULL,         NULL,         NULL,  50000, 3, now())
ON CONFLICT ("id") DO NOTHING;
