// What the portal needs beyond members: the tenant named by the URL, the tenants a person belongs
// to (for the switcher), and the audit trail of platform staff viewing a tenant's portal.
import { LRUCache } from "lru-cache";
import { recordAudit } from "../audit/log";
import type { Principal, TenantRoleName } from "../auth/permissions";
import { db } from "../db/client";
import { SLUG_PATTERN } from "../tenants/schemas";
import { toTenantView, type TenantView } from "../tenants/model";

/**
 * The live tenant with this slug, or null. Only slugs resolve (an id in the URL is just another
 * unknown slug), and deleted tenants do not exist as far as the portal is concerned.
 */
export async function portalTenant(slug: string): Promise<TenantView | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  const t = await db().tenant.findFirst({ where: { slug, status: { not: "deleted" } }, include: { plan: true } });
  return t ? toTenantView(t) : null;
}

export interface MyTenant {
  id: string;
  slug: string;
  name: string;
  role: TenantRoleName;
  status: string;
}

/** The tenants this person is a member of, by name. */
export async function myTenants(p: Principal): Promise<MyTenant[]> {
  const ids = Object.keys(p.memberships);
  if (ids.length === 0) return [];
  const rows = await db().tenant.findMany({
    where: { id: { in: ids }, status: { not: "deleted" } },
    select: { id: true, slug: true, name: true, status: true },
    orderBy: { name: "asc" },
  });
  return rows.map((t) => ({ ...t, role: p.memberships[t.id] }));
}

const VIEW_AS_WINDOW_MS = 60 * 60_000;
// Remembers recent entries so a browsing admin costs one query per hour, not one per page.
const recentViews = new LRUCache<string, number>({ max: 10_000, ttl: VIEW_AS_WINDOW_MS });

/**
 * One `portal.view_as` audit entry per staff member and tenant per hour. An advisory lock keyed on the
 * pair makes concurrent first requests (several tabs, prefetches) write one entry, not several.
 */
export async function recordViewAs(p: Principal, tenantId: string): Promise<boolean> {
  const key = `${p.userId}:${tenantId}`;
  if (recentViews.has(key)) return false;
  const wrote = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"view_as:" + key}))`;
    const since = new Date(Date.now() - VIEW_AS_WINDOW_MS);
    const recent = await tx.auditLog.findFirst({
      where: { action: "portal.view_as", actorId: p.userId, tenantId, createdAt: { gt: since } },
      select: { id: true },
    });
    if (recent) return false;
    await recordAudit(tx, {
      actor: { type: "user", id: p.userId, label: p.email },
      action: "portal.view_as",
      tenantId,
      data: { platform_role: p.platformRole, read_only: true },
    });
    return true;
  });
  recentViews.set(key, Date.now());
  return wrote;
}
