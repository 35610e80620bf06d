// Effective quotas: a tenant's override where it has one, else its plan's value. null = unlimited.
import { z } from "zod";

export const QUOTA_KEYS = [
  "api_requests_per_month",
  "storage_bytes",
  "file_storage_bytes",
  "realtime_connections",
  "requests_per_second",
] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];
export type Quotas = Record<QuotaKey, number | null>;

const quotaValue = z
  .number({ error: "Must be a whole number or null (unlimited)." })
  .int("Must be a whole number.")
  .min(0, "Must be 0 or more.")
  .max(Number.MAX_SAFE_INTEGER, "Too large.")
  .nullable();

/** A partial set of overrides, as accepted by PATCH /tenants/{id} `quotas`. */
export const quotaOverridesSchema = z.strictObject(
  Object.fromEntries(QUOTA_KEYS.map((k) => [k, quotaValue.optional()])) as Record<QuotaKey, z.ZodOptional<typeof quotaValue>>,
  { error: (i) => (i.code === "unrecognized_keys" ? `Unknown quota: ${i.keys.join(", ")}.` : "Must be an object of quotas.") },
);
export type QuotaOverrides = Partial<Quotas>;

export interface PlanQuotaColumns {
  apiRequestsPerMonth: bigint | null;
  storageBytes: bigint | null;
  fileStorageBytes: bigint | null;
  realtimeConnections: number | null;
  requestsPerSecond: number | null;
}

export function planQuotas(plan: PlanQuotaColumns): Quotas {
  const n = (v: bigint | number | null) => (v === null ? null : Number(v));
  return {
    api_requests_per_month: n(plan.apiRequestsPerMonth),
    storage_bytes: n(plan.storageBytes),
    file_storage_bytes: n(plan.fileStorageBytes),
    realtime_connections: n(plan.realtimeConnections),
    requests_per_second: n(plan.requestsPerSecond),
  };
}

export function effectiveQuotas(plan: PlanQuotaColumns, overrides: unknown): Quotas {
  const base = planQuotas(plan);
  const o = (overrides && typeof overrides === "object" ? overrides : {}) as Record<string, unknown>;
  for (const k of QUOTA_KEYS) {
    if (k in o && (o[k] === null || typeof o[k] === "number")) base[k] = o[k] as number | null;
  }
  return base;
}
