// Tenant lifecycle: provisioning → active ⇄ suspended → deleted. Every change is audit-logged in the
// same transaction that makes it.
import type pg from "pg";
import { recordAudit, type Actor } from "../audit/log";
import { BILLING_ACTOR, changeSubscriptionPlan, ensureBillingForTenant } from "../billing/customers";
import { applyLocally, changeNotice } from "../db/changes";
import { lockTenant } from "./lock";
import { db, Prisma } from "../db/client";
import { conflict, invalid, notFound, parseOrThrow } from "../errors";
import { newId, randomBase32 } from "../ids";
import { dataLocationFor } from "../isolation/locations";
import { provisionDatabaseTier, provisionSchemaTier, provisionSharedTier } from "../isolation/provision";
import { forgetTenant } from "../isolation/router";
import { loadTenantLimits, tenantLimitsCached } from "../quotas/tenant-limits";
import { toTenantView, type TenantView } from "./model";
import {
  createTenantSchema,
  listTenantsSchema,
  slugFromName,
  updateTenantSchema,
  type CreateTenantInput,
  type ListTenantsInput,
  type UpdateTenantInput,
} from "./schemas";

const withPlan = { plan: true } as const;

// By code, not by class: the Prisma client may have been made by the other copy of lib/ in this
// process (see isDomainError in lib/errors.ts).
function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === "P2002";
}

export interface CreateOptions {
  /** Run provisioning before returning (the default). Tests of crash recovery turn it off. */
  provision?: boolean;
}

export async function createTenant(input: unknown, actor: Actor, opts: CreateOptions = {}): Promise<TenantView> {
  const data = parseOrThrow(createTenantSchema, input, "The tenant is not valid.");
  if (data.database_url && data.isolation !== "database") {
    throw invalid("The tenant is not valid.", [{ path: "database_url", message: "Only database-tier tenants take a database_url." }]);
  }
  const id = newId("ten");
  const explicitSlug = data.slug !== undefined;
  const baseSlug = data.slug ?? slugFromName(data.name);
  // A derived slug that is taken gets a short suffix; an explicit one is the caller's choice: 409.
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? baseSlug : `${baseSlug.slice(0, 35).replace(/-+$/, "")}-${randomBase32(4)}`;
    try {
      await db().$transaction(async (tx) => {
        await tx.tenant.create({
          data: {
            id,
            slug,
            name: data.name,
            planId: data.plan,
            isolation: data.isolation,
            region: data.region,
            metadata: data.metadata as Prisma.InputJsonValue,
            dataLocation: dataLocationFor(id, data.isolation),
            databaseUrl: data.database_url ?? null,
            status: "provisioning",
          },
        });
        await recordAudit(tx, { actor, action: "tenant.created", tenantId: id, data: { slug, plan: data.plan, isolation: data.isolation } });
      });
      break;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (explicitSlug || attempt >= 4) throw conflict(`The slug "${slug}" is already taken.`);
    }
  }
  if (opts.provision !== false) {
    try {
      await provisionTenant(id);
    } catch (e) {
      // The tenant stays `provisioning` with the error recorded; the provisioning job retries it.
      await recordProvisioningFailure(id, e);
      const { enqueueProvisioning } = await import("../jobs/provisioning");
      await enqueueProvisioning(id).catch(() => {});
    }
  }
  return getTenant(id, { includeDeleted: true });
}

async function recordProvisioningFailure(id: string, e: unknown) {
  const message = e instanceof Error ? e.message : String(e);
  await db().tenant.update({
    where: { id },
    data: { provisioningError: message.slice(0, 2000), provisioningAttempts: { increment: 1 } },
  });
}

const MARK_ACTIVE = `UPDATE public.tenants SET status = 'active', template_version = $2, provisioning_error = NULL,
  provisioning_attempts = provisioning_attempts + 1, updated_at = now() WHERE id = $1 AND status = 'provisioning'`;

/**
 * Finishes provisioning a tenant: idempotent and safe to run again after a crash at any point, or
 * concurrently (the schema tier locks the tenant row; the other tiers' steps tolerate a race).
 */
export async function provisionTenant(id: string): Promise<void> {
  const t = await db().tenant.findUnique({ where: { id } });
  if (!t) throw notFound("Tenant");
  if (t.status !== "provisioning") return;
  // Billing step (no-op with billing off): the Stripe customer, and a subscription once the plan is in
  // Stripe. Before the data steps so that no transaction is held open across Stripe calls; a Stripe
  // error leaves the tenant `provisioning` for the retry job, like any other step.
  await ensureBillingForTenant(id);
  if (t.isolation === "schema") {
    await provisionSchemaTier(t, async (client: pg.PoolClient, version) => {
      const r = await client.query(MARK_ACTIVE, [id, version]);
      return (r.rowCount ?? 0) > 0;
    });
  } else {
    const version = t.isolation === "database" ? await provisionDatabaseTier(t) : await provisionSharedTier();
    await db().$executeRawUnsafe(MARK_ACTIVE, id, version);
  }
  forgetTenant(id);
}

/** Tenants left in `provisioning` (by a crash or an error) that a retry should finish. */
export async function stalledProvisioning(olderThanMs = 0): Promise<string[]> {
  const rows = await db().tenant.findMany({
    where: { status: "provisioning", createdAt: { lte: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: 1000,
  });
  return rows.map((r) => r.id);
}

export async function getTenant(id: string, opts: { includeDeleted?: boolean } = {}): Promise<TenantView> {
  const t = await db().tenant.findUnique({ where: { id }, include: withPlan });
  if (!t || (t.status === "deleted" && !opts.includeDeleted)) throw notFound("Tenant");
  return toTenantView(t);
}

/**
 * Throws not_found unless the tenant exists and is not deleted — getTenant's check without loading the
 * tenant and its plan, for hot read endpoints that only need to know the id is real (the usage API).
 * It asks the data plane's tenant cache (lib/quotas/tenant-limits.ts), which change notices clear on
 * every instance as soon as a tenant is updated or deleted, and which is bypassed while the change
 * listener is down; a miss reads the database once.
 */
export async function assertTenantExists(id: string): Promise<void> {
  let t = tenantLimitsCached(id);
  if (t === undefined) t = await loadTenantLimits(id);
  if (!t || t.status === "deleted") throw notFound("Tenant");
}

/** Finds a tenant by id or slug (the console's jump box and the portal's URLs). */
export async function findTenant(idOrSlug: string, opts: { includeDeleted?: boolean } = {}): Promise<TenantView | null> {
  const t = await db().tenant.findFirst({
    where: {
      OR: [{ id: idOrSlug }, { slug: idOrSlug }],
      ...(opts.includeDeleted ? {} : { status: { not: "deleted" } }),
    },
    orderBy: { createdAt: "desc" },
    include: withPlan,
  });
  return t ? toTenantView(t) : null;
}

function encodeCursor(t: { createdAt: Date; id: string }) {
  return Buffer.from(`${t.createdAt.toISOString()}|${t.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw invalid("The cursor is not valid.", [{ path: "cursor", message: "Unknown cursor." }]);
  return { createdAt, id };
}

// Prisma's `contains` is a LIKE pattern: without this, `%` and `_` in a search would be wildcards.
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, "\\$&");
}

export interface TenantPage {
  data: TenantView[];
  next_cursor: string | null;
}

/** Newest first; `q` matches name or slug. Deleted tenants only when asked for by status. */
export async function listTenants(input: ListTenantsInput | Record<string, unknown>, opts: { allowDeleted?: boolean } = {}): Promise<TenantPage> {
  const f = parseOrThrow(listTenantsSchema, input, "The query is not valid.");
  if (f.status === "deleted" && !opts.allowDeleted) {
    throw invalid("The query is not valid.", [{ path: "status", message: "Deleted tenants are not listed through the API." }]);
  }
  const where: Prisma.TenantWhereInput = {
    status: f.status ?? { not: "deleted" },
    ...(f.plan ? { planId: f.plan } : {}),
    ...(f.q ? { OR: [{ name: { contains: likeLiteral(f.q), mode: "insensitive" } }, { slug: { contains: likeLiteral(f.q.toLowerCase()) } }] } : {}),
  };
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    where.AND = [{ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] }];
  }
  const rows = await db().tenant.findMany({
    where,
    include: withPlan,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return { data: page.map(toTenantView), next_cursor: rows.length > f.limit ? encodeCursor(page[page.length - 1]) : null };
}

export async function countTenantsByStatus(): Promise<Record<string, number>> {
  const rows = await db().tenant.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

const TRANSITIONS: Record<string, string[]> = {
  provisioning: ["deleted"],
  active: ["suspended", "deleted"],
  suspended: ["active", "deleted"],
  deleted: [],
};

export async function updateTenant(id: string, input: unknown, actor: Actor): Promise<TenantView> {
  const patch = parseOrThrow(updateTenantSchema, input, "The change is not valid.");
  // A plan change moves the Stripe subscription first: if Stripe refuses, the plan stays as it was and
  // the caller sees why (a DomainError). Nothing to do with billing off or without a subscription.
  let itemIds: Record<string, string> | null = null;
  if (patch.plan !== undefined) {
    // Read outside the transaction below: no transaction is held open across the Stripe call. The
    // transaction reads the row again and applies the patch to what it finds then.
    const before = await db().tenant.findUnique({ where: { id }, select: { id: true, planId: true, status: true, stripeSubscriptionId: true, billingStatus: true } });
    if (before && before.status !== "deleted" && before.planId !== patch.plan) itemIds = await changeSubscriptionPlan(before, patch.plan);
  }
  await db().$transaction(async (tx) => {
    await lockTenant(tx, id);
    const t = await tx.tenant.findUnique({ where: { id } });
    if (!t || t.status === "deleted") throw notFound("Tenant");
    const data: Prisma.TenantUpdateInput = {};
    const changes: Record<string, unknown> = {};
    if (patch.name !== undefined && patch.name !== t.name) data.name = changes.name = patch.name;
    if (patch.plan !== undefined && patch.plan !== t.planId) {
      data.plan = { connect: { id: patch.plan } };
      changes.plan = { from: t.planId, to: patch.plan };
      if (itemIds) data.stripeItemIds = itemIds;
    }
    if (patch.metadata !== undefined) data.metadata = changes.metadata = patch.metadata as Prisma.InputJsonValue;
    if (patch.quotas !== undefined) {
      const merged = { ...((t.quotaOverrides ?? {}) as Record<string, unknown>), ...patch.quotas };
      data.quotaOverrides = merged as Prisma.InputJsonValue;
      changes.quotas = patch.quotas;
    }
    if (patch.status !== undefined && patch.status !== t.status) {
      if (!TRANSITIONS[t.status].includes(patch.status)) {
        throw conflict(`A ${t.status} tenant cannot become ${patch.status}.`);
      }
      data.status = patch.status;
      data.suspendedAt = patch.status === "suspended" ? new Date() : null;
      // Dunning resumes only the tenants it suspended itself; any other status change forgets that.
      const byBilling = actor.type === "system" && actor.label === BILLING_ACTOR.label;
      data.billingSuspendedAt = patch.status === "suspended" && byBilling ? new Date() : null;
      changes.status = { from: t.status, to: patch.status };
    }
    if (Object.keys(data).length === 0) return;
    await tx.tenant.update({ where: { id }, data });
    // Every instance's caches of status, plan and quotas drop the tenant when this commits.
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice({ kind: "tenant", id }));
    const action = changes.status ? (patch.status === "suspended" ? "tenant.suspended" : "tenant.resumed") : "tenant.updated";
    await recordAudit(tx, { actor, action, tenantId: id, data: changes });
  });
  forgetTenant(id);
  applyLocally({ kind: "tenant", id });
  return getTenant(id);
}

export const suspendTenant = (id: string, actor: Actor) => updateTenant(id, { status: "suspended" }, actor);
export const resumeTenant = (id: string, actor: Actor) => updateTenant(id, { status: "active" }, actor);

/** Soft delete: the tenant disappears from the API; its data is kept for the grace period. */
export async function deleteTenant(id: string, actor: Actor): Promise<TenantView> {
  await db().$transaction(async (tx) => {
    const t = await tx.tenant.findUnique({ where: { id } });
    if (!t || t.status === "deleted") throw notFound("Tenant");
    await tx.tenant.update({ where: { id }, data: { status: "deleted", deletedAt: new Date() } });
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice({ kind: "tenant", id }));
    await recordAudit(tx, { actor, action: "tenant.deleted", tenantId: id, data: { slug: t.slug, from: t.status } });
  });
  forgetTenant(id);
  applyLocally({ kind: "tenant", id });
  return getTenant(id, { includeDeleted: true });
}
