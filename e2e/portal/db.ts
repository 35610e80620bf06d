// Direct database access for portal specs: set-up that has no UI worth clicking through (a tenant's
// first owner), and assertions that a refused request changed nothing.
import pg from "pg";
import type { APIRequestContext } from "@playwright/test";
import { api, uniqueSlug } from "../fixtures";
import { e2eDatabaseUrl } from "../../scripts/e2e-env";
import { hashPassword } from "../../lib/auth/password";
import { newId } from "../../lib/ids";

export async function sql<R extends pg.QueryResultRow = Record<string, any>>(text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}

export const PASSWORD = "portal-e2e-password-1";
let hashed: Promise<string> | undefined;

/** A user with no platform role (password PASSWORD), made directly in the database. */
export async function makeUser(prefix = "user"): Promise<{ id: string; email: string; password: string }> {
  hashed ??= hashPassword(PASSWORD);
  const id = newId("usr");
  const email = `${uniqueSlug(prefix)}@example.test`;
  await sql(`INSERT INTO users (id, email, password_hash, platform_role, created_at, updated_at) VALUES ($1, $2, $3, 'none', now(), now())`, [
    id,
    email,
    await hashed,
  ]);
  return { id, email, password: PASSWORD };
}

export async function addMember(tenantId: string, userId: string, role: "owner" | "admin" | "member") {
  await sql(`INSERT INTO memberships (user_id, tenant_id, role) VALUES ($1, $2, $3)`, [userId, tenantId, role]);
}

/** A fresh shared-tier tenant (quick to provision) with an owner. */
export async function tenantWithOwner(request: APIRequestContext, prefix = "pt") {
  const slug = uniqueSlug(prefix);
  const tenant = await api(request).createTenant({ name: `Portal ${slug}`, slug, isolation: "shared" });
  const owner = await makeUser(`${prefix}-owner`);
  await addMember(tenant.id, owner.id, "owner");
  return { tenant, owner };
}

export async function roleOf(tenantId: string, userId: string): Promise<string | null> {
  const rows = await sql<{ role: string }>(`SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
  return rows[0]?.role ?? null;
}

/** Everything a portal action could change for a tenant, to compare before and after a refusal. */
export async function tenantSnapshot(tenantId: string) {
  const [t] = await sql(`SELECT name, status FROM tenants WHERE id = $1`, [tenantId]);
  const members = await sql(`SELECT user_id, role FROM memberships WHERE tenant_id = $1 ORDER BY user_id`, [tenantId]);
  const invitations = await sql(`SELECT id, email, role, accepted_at, revoked_at FROM invitations WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
  const audit = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1`, [tenantId]);
  return { tenant: t, members, invitations, audit: audit[0].n };
}
