// The tenants list's view lives in the query string. Unknown values are dropped rather than failing
// the page, so an old or hand-edited link still lands somewhere sensible.
import { PLANS, STATUSES, type PlanId, type TenantStatusValue } from "@/lib/tenants/schemas";

export interface TenantListView {
  q?: string;
  status?: TenantStatusValue;
  plan?: PlanId;
  cursor?: string;
}

type Raw = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export function parseListView(sp: Raw): TenantListView {
  const status = first(sp.status);
  const plan = first(sp.plan);
  return {
    q: first(sp.q)?.slice(0, 100),
    status: STATUSES.includes(status as TenantStatusValue) ? (status as TenantStatusValue) : undefined,
    plan: PLANS.includes(plan as PlanId) ? (plan as PlanId) : undefined,
    cursor: first(sp.cursor)?.slice(0, 200),
  };
}

export function listHref(view: TenantListView): string {
  const p = new URLSearchParams();
  if (view.q) p.set("q", view.q);
  if (view.status) p.set("status", view.status);
  if (view.plan) p.set("plan", view.plan);
  if (view.cursor) p.set("cursor", view.cursor);
  const s = p.toString();
  return s ? `/tenants?${s}` : "/tenants";
}
