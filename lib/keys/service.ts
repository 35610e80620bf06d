// Issuing, listing, revoking and rotating API keys. The secret is returned once, at issue; only its
// SHA-256 hash and a display start are stored. Every change is audit-logged and published to the
// other app instances (lib/db/changes.ts) in the same transaction.
import { recordAudit, type Actor } from "../audit/log";
import { applyLocally, changeNotice } from "../db/changes";
import { db } from "../db/client";
import { conflict, notFound, parseOrThrow } from "../errors";
import { isWellFormedId, newId } from "../ids";
import { createKeySchema, createPlatformKeySchema, rotateKeySchema } from "./schemas";
import { displayStart, generateSecret, hashSecret, type KeyKind } from "./secret";

export interface KeyView {
  id: string;
  kind: KeyKind;
  tenant_id: string | null;
  name: string;
  start: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  rotated_from_id: string | null;
}

export type IssuedKey = KeyView & { key: string };

type Row = Awaited<ReturnType<ReturnType<typeof db>["apiKey"]["findFirstOrThrow"]>>;

export function toKeyView(k: Row): KeyView {
  return {
    id: k.id,
    kind: k.kind,
    tenant_id: k.tenantId,
    name: k.name,
    start: k.start,
    scopes: k.scopes,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    expires_at: k.expiresAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
    rotated_from_id: k.rotatedFromId,
  };
}

async function liveTenant(tenantId: string) {
  const t = isWellFormedId(tenantId, "ten") ? await db().tenant.findUnique({ where: { id: tenantId } }) : null;
  if (!t || t.status === "deleted") throw notFound("Tenant");
  return t;
}

export async function issueTenantKey(tenantId: string, input: unknown, actor: Actor): Promise<IssuedKey> {
  const data = parseOrThrow(createKeySchema, input, "The key is not valid.");
  await liveTenant(tenantId);
  const key = generateSecret("tenant");
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        id: newId("key"),
        kind: "tenant",
        tenantId,
        name: data.name,
        start: displayStart(key),
        hash: hashSecret(key),
        scopes: data.scopes,
        expiresAt: data.expires_at ? new Date(data.expires_at) : null,
        createdById: actor.type === "system" ? null : actor.id,
      },
    });
    await recordAudit(tx, { actor, action: "key.issued", tenantId, data: { key_id: created.id, name: data.name, scopes: data.scopes } });
    return created;
  });
  return { ...toKeyView(row), key };
}

export async function issuePlatformKey(input: unknown, actor: Actor): Promise<IssuedKey> {
  const data = parseOrThrow(createPlatformKeySchema, input, "The key is not valid.");
  const key = generateSecret("platform");
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        id: newId("key"),
        kind: "platform",
        name: data.name,
        start: displayStart(key),
        hash: hashSecret(key),
        expiresAt: data.expires_at ? new Date(data.expires_at) : null,
        createdById: actor.type === "system" ? null : actor.id,
      },
    });
    await recordAudit(tx, { actor, action: "platform_key.issued", data: { key_id: created.id, name: data.name } });
    return created;
  });
  return { ...toKeyView(row), key };
}

/** Keys of a tenant (or the platform keys when tenantId is null), newest first; never the secret. */
export async function listKeys(tenantId: string | null, opts: { includeRevoked?: boolean } = {}): Promise<KeyView[]> {
  if (tenantId !== null) await liveTenant(tenantId);
  const rows = await db().apiKey.findMany({
    where: { tenantId, kind: tenantId === null ? "platform" : "tenant", ...(opts.includeRevoked ? {} : { revokedAt: null }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return rows.map(toKeyView);
}

async function findKey(tenantId: string | null, keyId: string) {
  if (!isWellFormedId(keyId, "key")) throw notFound("Key");
  const k = await db().apiKey.findUnique({ where: { id: keyId } });
  if (!k || k.tenantId !== tenantId || k.revokedAt) throw notFound("Key");
  return k;
}

/** Revokes a key: it is refused on the next request, on every instance. */
export async function revokeKey(tenantId: string | null, keyId: string, actor: Actor): Promise<void> {
  if (tenantId !== null) await liveTenant(tenantId);
  const k = await findKey(tenantId, keyId);
  await db().$transaction(async (tx) => {
    const r = await tx.apiKey.updateMany({ where: { id: k.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count === 0) throw notFound("Key");
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice({ kind: "key", hash: k.hash }));
    await recordAudit(tx, { actor, action: k.kind === "platform" ? "platform_key.revoked" : "key.revoked", tenantId, data: { key_id: k.id, name: k.name } });
  });
  applyLocally({ kind: "key", hash: k.hash });
}

/**
 * Rotates a key: a new secret with the same name, scopes and expiry; the old one stops at once, or
 * after `grace_seconds` so callers can roll the new secret out first.
 */
export async function rotateKey(tenantId: string | null, keyId: string, input: unknown, actor: Actor): Promise<IssuedKey> {
  const { grace_seconds } = parseOrThrow(rotateKeySchema, input ?? {}, "The rotation is not valid.");
  if (tenantId !== null) await liveTenant(tenantId);
  const old = await findKey(tenantId, keyId);
  if (old.expiresAt && old.expiresAt.getTime() <= Date.now()) throw conflict("An expired key cannot be rotated.");
  const key = generateSecret(old.kind);
  const now = Date.now();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        id: newId("key"),
        kind: old.kind,
        tenantId: old.tenantId,
        name: old.name,
        start: displayStart(key),
        hash: hashSecret(key),
        scopes: old.scopes,
        expiresAt: old.expiresAt,
        rotatedFromId: old.id,
        createdById: actor.type === "system" ? null : actor.id,
      },
    });
    const graceEnd = new Date(now + grace_seconds * 1000);
    await tx.apiKey.update({
      where: { id: old.id },
      data: grace_seconds === 0 ? { revokedAt: new Date(now) } : { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd },
    });
    await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", ...changeNotice({ kind: "key", hash: old.hash }));
    await recordAudit(tx, { actor, action: "key.rotated", tenantId, data: { old_key_id: old.id, new_key_id: created.id, grace_seconds } });
    return created;
  });
  applyLocally({ kind: "key", hash: old.hash });
  return { ...toKeyView(row), key };
}
