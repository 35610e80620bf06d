// Calls the framework-free data-plane handlers directly, the way the custom server does.
import { issueTenantKey } from "../../lib/keys/service";
import { matchDataPlane, methodNotAllowed } from "../../lib/dataplane/routes";
import { createTenant, updateTenant } from "../../lib/tenants/service";

export const actor = { type: "system", label: "data-plane test" } as const;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export async function call(method: string, path: string, opts: { key?: string | null; body?: unknown; raw?: string | Buffer; authorization?: string } = {}): Promise<Reply> {
  const methods = matchDataPlane(path);
  if (!methods) throw new Error(`not a data-plane path: ${path}`);
  const headers: Record<string, string> = {};
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  else if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const body = opts.raw !== undefined ? Buffer.from(opts.raw) : opts.body !== undefined ? Buffer.from(JSON.stringify(opts.body)) : Buffer.alloc(0);
  const handler = methods[method];
  const res = handler ? await handler({ method, path, headers, body }) : methodNotAllowed(Object.keys(methods));
  return { status: res.status, headers: res.headers, body: JSON.parse(res.body) };
}

export const check = (key: string, body: unknown = { metric: "api_requests", amount: 1 }) => call("POST", "/api/v1/quota/check", { key, body });
export const quota = (key: string) => call("GET", "/api/v1/quota", { key });
export const ingest = (key: string, events: unknown[]) => call("POST", "/api/v1/usage", { key, body: { events } });

let n = 0;
/** A fresh shared-tier tenant (cheapest to provision) with quota overrides and one key. */
export async function tenantWithKey(opts: { plan?: "free" | "pro" | "enterprise"; quotas?: Record<string, number | null>; scopes?: string[] } = {}) {
  const slug = `dp-${Date.now().toString(36)}-${(n++).toString(36)}`;
  const t = await createTenant({ name: slug, slug, plan: opts.plan ?? "pro", isolation: "shared" }, actor);
  if (opts.quotas) await updateTenant(t.id, { quotas: opts.quotas }, actor);
  const k = await issueTenantKey(t.id, { name: "test", ...(opts.scopes ? { scopes: opts.scopes } : {}) }, actor);
  return { tenantId: t.id, key: k.key, keyId: k.id };
}
