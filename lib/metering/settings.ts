// Metering's knobs, read from the environment when asked (tests change them per file). Every variable
// is in README.md's configuration table and docs/metering.md.

import { envNumber } from "../env";

const num = (name: string, fallback: number, min = 0) => envNumber(name, fallback, { min });

export const meteringSettings = {
  /** Raw events older than this many days are dropped (whole daily partitions). Rollups stay. */
  get retentionDays() {
    return num("TENANTRY_USAGE_RETENTION_DAYS", 400, 36);
  },
  /** Partitions kept ready ahead of today. */
  get partitionsAheadDays() {
    return num("TENANTRY_USAGE_PARTITIONS_AHEAD_DAYS", 7, 1);
  },
  /** How long ingest waits to collect concurrent requests into one insert. */
  get groupWindowMs() {
    return num("TENANTRY_INGEST_GROUP_MS", 2);
  },
  /** A group is written at once when it reaches this many events. */
  get groupMaxRows() {
    return num("TENANTRY_INGEST_GROUP_MAX_ROWS", 5000, 1);
  },
  /** Group inserts in flight at once (each holds one pooled connection). */
  get groupConcurrency() {
    return num("TENANTRY_INGEST_CONCURRENCY", 2, 1);
  },
  /** Seconds between rollup runs. */
  get rollupIntervalSeconds() {
    return num("TENANTRY_ROLLUP_INTERVAL_S", 5, 1);
  },
  /** Received time (seconds) one rollup transaction takes, extended to at least 200,000 events. */
  get rollupChunkSeconds() {
    return num("TENANTRY_ROLLUP_CHUNK_S", 60, 1);
  },
  /** Events received less than this long ago are left to the raw tail (commits still in flight). */
  get rollupLagMs() {
    return num("TENANTRY_ROLLUP_LAG_MS", 1000);
  },
  /** Minutes between storage samples. */
  get storageSampleMinutes() {
    return num("TENANTRY_STORAGE_SAMPLE_MINUTES", 15, 1);
  },
  /**
   * How often the data plane writes its buffered api_requests / egress_bytes: a fixed database cost per
   * busy tenant and flush (an insert and two rollup updates per meter), whatever its request rate.
   */
  get usageFlushMs() {
    return num("TENANTRY_USAGE_FLUSH_MS", 60_000, 1);
  },
  /** How often the usage of tenants in use is re-read (what other instances counted). */
  get usageRefreshMs() {
    return num("TENANTRY_USAGE_REFRESH_MS", 10_000, 1);
  },
  /** `off` stops counting the data plane's own requests and bytes (api_requests, egress_bytes). */
  get autoMetering() {
    return (process.env.TENANTRY_AUTO_METERING ?? "on") !== "off";
  },
};
