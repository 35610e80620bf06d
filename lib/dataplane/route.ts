// The one declarative wrapper every data-plane endpoint goes through:
//   key auth → tenant status → scope → rate limit → body → quota → handler → headers.
// Everything it needs is in memory on a warm instance (key, tenant limits, rate window, period usage);
// the database is read only on a cache miss. Only a request that succeeds is charged: a refusal at any
// step after the rate limiter gives its point back, and usage/last-used are counted on success only.
import { config } from "../config";
import { forbidden, notFound, quotaExceeded, rateLimited, unauthorized } from "../errors";
import { bearerToken, sameSecret } from "../http/bearer";
import { parseJsonBytes } from "../http/body";
import { problemFor } from "../http/problem";
import type { TenantScope } from "../keys/schemas";
import { noteKeyUsed, verifyCached, verifyKey, type VerifiedKey } from "../keys/verify";
import { refusedDemand, type QuotaDemand } from "../quotas/evaluate";
import { secondsUntil } from "../quotas/period";
import { consumeRate, peekRate, refundRate, type RateDecision } from "../quotas/rate-limit";
import { loadTenantLimits, tenantLimitsCached, type TenantLimits } from "../quotas/tenant-limits";
import { countRequest, loadUsage, usageCached, type PeriodUsage } from "../quotas/usage";
import { countDataPlaneRequest } from "../metrics/registry";
import type { DataPlaneHandler, DataPlaneRequest, DataPlaneResponse } from "./types";

export interface DataPlaneContext<B> {
  key: VerifiedKey;
  tenant: TenantLimits;
  usage: PeriodUsage;
  body: B;
  now: number;
}

export interface DataPlaneRouteSpec<B> {
  scope: TenantScope;
  /** Validates the JSON body (throwing `invalid` with field errors); absent = the body is ignored. A promise only when the database must be asked. */
  body?: (json: unknown) => B | Promise<B>;
  /** What the request would use; any demand the quotas refuse makes it a 429 quota_exceeded. */
  quota?: (body: B) => readonly QuotaDemand[];
}

export interface DataPlaneResult {
  status: number;
  body: unknown;
}

const JSON_TYPE = "application/json";

function bearer(h: string | string[] | undefined): string | null {
  if (typeof h !== "string") return null;
  // The common case without a regex: "Bearer <token>".
  if (h.startsWith("Bearer ")) {
    const t = h.slice(7).trim();
    return t && !t.includes(" ") ? t : null;
  }
  return bearerToken(h);
}

function rateHeaders(h: Record<string, string>, d: RateDecision): void {
  h["ratelimit-limit"] = String(d.limit);
  h["ratelimit-remaining"] = String(d.remaining);
  h["ratelimit-reset"] = String(Math.max(1, Math.ceil(d.resetMs / 1000)));
}

function tenantKey(key: VerifiedKey): VerifiedKey {
  if (key.kind !== "tenant" || !key.tenantId) throw forbidden(PLATFORM_KEY_HERE);
  return key;
}

const PLATFORM_KEY_HERE = "A platform key cannot act as a tenant on the data plane; use a tenant key (tk_…).";

/** The bootstrap platform key (TENANTRY_PLATFORM_KEY) has no tk_/tpk_ shape; compared in constant time. */
function isBootstrapPlatformKey(token: string): boolean {
  const k = config.platformKey;
  if (!k) return false;
  return sameSecret(token, k);
}

/** Synchronous on a warm cache (no promise on the hot path); the database only on a miss. */
function authenticate(req: DataPlaneRequest, now: number): VerifiedKey | Promise<VerifiedKey> {
  const token = bearer(req.headers.authorization);
  if (!token) throw unauthorized("Send a tenant key as `Authorization: Bearer <key>`.");
  let hit: VerifiedKey | undefined;
  try {
    hit = verifyCached(token, now);
  } catch (e) {
    // Only on the refusal path: a platform key is 403 here whatever its shape (API.md).
    if (isBootstrapPlatformKey(token)) throw forbidden(PLATFORM_KEY_HERE);
    throw e;
  }
  return hit ? tenantKey(hit) : verifyKey(token, now).then(tenantKey);
}

export function dataPlaneRoute<B = undefined>(spec: DataPlaneRouteSpec<B>, handler: (ctx: DataPlaneContext<B>) => DataPlaneResult | Promise<DataPlaneResult>): DataPlaneHandler {
  return async (req) => {
    const now = Date.now();
    let tenant: TenantLimits | undefined;
    let rate: RateDecision | undefined;
    try {
      const authed = authenticate(req, now);
      const key = authed instanceof Promise ? await authed : authed;
      const cached = tenantLimitsCached(key.tenantId!);
      let usageLoad: Promise<PeriodUsage> | undefined;
      if (cached === undefined && !usageCached(key.tenantId!, now)) {
        // A cold tenant: its usage is read beside its limits (one round trip instead of two). Caught
        // here so a refused request (unknown tenant, rate limit) leaves no unhandled rejection.
        usageLoad = loadUsage(key.tenantId!, now);
        usageLoad.catch(() => {});
      }
      const t = cached !== undefined ? cached : await loadTenantLimits(key.tenantId!);
      if (!t || t.status === "deleted") throw notFound("Tenant");
      tenant = t;
      if (t.status === "suspended") throw forbidden("The tenant is suspended.");
      if (!key.scopes.has(spec.scope)) throw forbidden(`The API key does not have the ${spec.scope} scope.`);

      const rps = t.quotas.requests_per_second;
      if (rps !== null) {
        rate = await consumeRate(t.id, rps);
        if (!rate.allowed) throw rateLimited(`More than ${rps} requests per second.`, Math.ceil(rate.resetMs / 1000));
      }

      const parsed = spec.body ? spec.body(parseJsonBytes(req.body)) : undefined;
      const body = (parsed instanceof Promise ? await parsed : parsed) as B;
      const usage = usageCached(t.id, now) ?? (await (usageLoad ?? loadUsage(t.id, now)));
      if (spec.quota) {
        const refused = refusedDemand(t.quotas, usage, spec.quota(body));
        if (refused) throw quotaExceeded(`The ${refused.metric} quota for this period is used up.`, secondsUntil(usage.period.end, now));
      }

      // Most handlers answer synchronously: awaiting only a promise saves a microtask per request.
      const result = handler({ key, tenant: t, usage, body, now });
      const out = result instanceof Promise ? await result : result;
      const text = JSON.stringify(out.body);
      const length = Buffer.byteLength(text);
      // egress_bytes: the request's body and the response's body (headers not counted).
      countRequest(usage, req.body.length + length);
      noteKeyUsed(key.id, now);
      const headers: Record<string, string> = { "content-type": JSON_TYPE, "cache-control": "no-store", "content-length": String(length) };
      if (rate) rateHeaders(headers, rate);
      countDataPlaneRequest(t.id, req.path, out.status);
      return { status: out.status, headers, body: text };
    } catch (e) {
      const r = await refusal(e, tenant, rate);
      countDataPlaneRequest(tenant?.id ?? null, req.path, r.status);
      return r;
    }
  };
}

async function refusal(e: unknown, tenant: TenantLimits | undefined, rate: RateDecision | undefined): Promise<DataPlaneResponse> {
  const p = problemFor(e);
  const headers = p.headers;
  headers["cache-control"] = "no-store";
  if (tenant) {
    const rps = tenant.quotas.requests_per_second;
    try {
      if (rate?.allowed) {
        await refundRate(tenant.id, rate);
        rate = { ...rate, remaining: Math.min(rate.limit, rate.remaining + 1) };
      }
      if (!rate && rps !== null && tenant.status !== "deleted") rate = await peekRate(tenant.id, rps);
    } catch {
      /* headers are best effort when the shared store is unreachable */
    }
    if (rate) rateHeaders(headers, rate);
  }
  return { status: p.status, headers, body: JSON.stringify(p.body) };
}
