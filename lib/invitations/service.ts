// Invitations to a tenant: single use, only a SHA-256 of the token is stored, 7-day expiry, revocable.
// The link (with the raw token) is returned once to the inviter and written to the email outbox.
import crypto from "node:crypto";
import { recordAudit } from "../audit/log";
import { db } from "../db/client";
import { DomainError, conflict, invalid, notFound, parseOrThrow } from "../errors";
import { newId } from "../ids";
import { hashPassword } from "../auth/password";
import { enqueueEmail, deliverEmail } from "../mail/outbox";
import { invitationEmail } from "../mail/templates";
import { actorOfContext, authorize, type MemberContext } from "../members/access";
import { INVITATION_TTL_MS, TOKEN_PATTERN, inviteSchema, setPasswordSchema, type TenantRole } from "./schemas";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** The base of links in emails: TENANTRY_PUBLIC_URL when set (behind a proxy), else the request's origin. */
export function publicBaseUrl(requestOrigin: string | null | undefined): string {
  const base = process.env.TENANTRY_PUBLIC_URL || requestOrigin || `http://localhost:${process.env.PORT || 3000}`;
  return base.replace(/\/+$/, "");
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === "P2002";
}

const emailError = (status: "conflict" | "invalid_request", message: string) =>
  new DomainError(status, status === "conflict" ? 409 : 400, message, { errors: [{ path: "email", message }] });

export interface InvitationView {
  id: string;
  email: string;
  role: TenantRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
}

export interface CreatedInvitation {
  invitation: InvitationView;
  /** The only time the raw link exists outside the recipient's mailbox / the outbox. */
  link: string;
  delivery: "sent" | "kept" | "failed";
}

async function liveTenant(tenantId: string) {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, status: true } });
  if (!t || t.status === "deleted") throw notFound("Tenant");
  return t;
}

export async function createInvitation(ctx: MemberContext, tenantId: string, input: unknown, opts: { baseUrl: string }): Promise<CreatedInvitation> {
  authorize(ctx, "tenant:members", tenantId);
  const data = parseOrThrow(inviteSchema, input, "The invitation is not valid.");
  const tenant = await liveTenant(tenantId);

  const existingMember = await db().membership.findFirst({
    where: { tenantId, user: { email: { equals: data.email, mode: "insensitive" } } },
    select: { role: true },
  });
  if (existingMember) throw emailError("conflict", `${data.email} is already a member of this tenant.`);

  const token = crypto.randomBytes(32).toString("base64url");
  const link = `${opts.baseUrl}/invite/${token}`;
  const id = newId("inv");
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const mail = invitationEmail({ tenantName: tenant.name, role: data.role, link, inviter: ctx.principal.email, expiresAt });
  let emailId: string;
  try {
    emailId = await db().$transaction(async (tx) => {
      // An expired, never-used invitation still occupies the "one pending per email" index; it is
      // dead anyway, so it is closed here to make room for the new one.
      await tx.invitation.updateMany({
        where: { tenantId, email: { equals: data.email, mode: "insensitive" }, acceptedAt: null, revokedAt: null, expiresAt: { lte: new Date() } },
        data: { revokedAt: new Date() },
      });
      await tx.invitation.create({
        data: { id, tenantId, email: data.email, role: data.role, tokenHash: hashToken(token), invitedById: ctx.principal.userId, expiresAt },
      });
      await recordAudit(tx, { actor: actorOfContext(ctx), action: "invitation.sent", tenantId, data: { invitation_id: id, email: data.email, role: data.role, via: ctx.via } });
      return enqueueEmail(tx, { to: data.email, subject: mail.subject, text: mail.text, html: mail.html, kind: "invitation", tenantId });
    });
  } catch (e) {
    // The partial unique index is the real guard: two invitations for one email racing end here.
    if (isUniqueViolation(e)) throw emailError("conflict", `${data.email} already has a pending invitation. Revoke it to send a new one.`);
    throw e;
  }
  const delivery = await deliverEmail(emailId);
  return {
    invitation: { id, email: data.email, role: data.role, invitedBy: ctx.principal.email, createdAt: new Date(), expiresAt, expired: false },
    link,
    delivery,
  };
}

/** Invitations not yet accepted or revoked, newest first; expired ones are flagged, not hidden. */
export async function listPendingInvitations(tenantId: string): Promise<InvitationView[]> {
  const rows = await db().invitation.findMany({
    where: { tenantId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    include: { invitedBy: { select: { email: true } } },
  });
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: r.invitedBy?.email ?? null,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    expired: r.expiresAt.getTime() <= now,
  }));
}

export async function revokeInvitation(ctx: MemberContext, tenantId: string, invitationId: string): Promise<void> {
  authorize(ctx, "tenant:members", tenantId);
  await db().$transaction(async (tx) => {
    // Scoped by tenant: an invitation id from another tenant is simply "not found".
    const inv = await tx.invitation.findFirst({ where: { id: invitationId, tenantId } });
    if (!inv) throw notFound("Invitation");
    const r = await tx.invitation.updateMany({ where: { id: invitationId, tenantId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count === 0) throw conflict(inv.acceptedAt ? "This invitation has already been accepted." : "This invitation has already been revoked.");
    await recordAudit(tx, { actor: actorOfContext(ctx), action: "invitation.revoked", tenantId, data: { invitation_id: invitationId, email: inv.email, role: inv.role, via: ctx.via } });
  });
}

/** Why a link cannot be used. Each has its own message on the accept page. */
export type InvitationProblem = "invalid" | "used" | "expired" | "revoked" | "tenant_gone";

export const PROBLEM_MESSAGES: Record<InvitationProblem, { title: string; detail: string }> = {
  invalid: { title: "This invitation link is not valid", detail: "The link is incomplete or has been altered. Copy the whole link from the email, or ask for a new invitation." },
  used: { title: "This invitation has already been used", detail: "Each invitation link works once. If it was you, sign in with your email and password." },
  expired: { title: "This invitation has expired", detail: "Invitation links are valid for 7 days. Ask the person who invited you to send a new one." },
  revoked: { title: "This invitation has been revoked", detail: "The invitation was withdrawn. Ask the tenant's owner for a new one if you still need access." },
  tenant_gone: { title: "This tenant no longer exists", detail: "The tenant you were invited to has been deleted." },
};

export type InvitationLookup =
  | { ok: true; email: string; role: TenantRole; tenantName: string; tenantSlug: string; accountExists: boolean; expiresAt: Date }
  | { ok: false; problem: InvitationProblem };

function problemOf(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, tenantStatus: string): InvitationProblem | null {
  if (tenantStatus === "deleted") return "tenant_gone";
  if (inv.acceptedAt) return "used";
  if (inv.expiresAt.getTime() <= Date.now()) return "expired";
  if (inv.revokedAt) return "revoked";
  return null;
}

/** What the accept page shows for a token. Reads only. */
export async function inspectInvitation(token: string): Promise<InvitationLookup> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, problem: "invalid" };
  const inv = await db().invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { tenant: { select: { name: true, slug: true, status: true } } } });
  if (!inv) return { ok: false, problem: "invalid" };
  const problem = problemOf(inv, inv.tenant.status);
  if (problem) return { ok: false, problem };
  const account = await db().user.findUnique({ where: { email: inv.email.toLowerCase() }, select: { id: true } });
  return { ok: true, email: inv.email, role: inv.role, tenantName: inv.tenant.name, tenantSlug: inv.tenant.slug, accountExists: !!account, expiresAt: inv.expiresAt };
}

export type AcceptResult =
  | { ok: true; email: string; tenantSlug: string; tenantName: string; role: TenantRole; createdUser: boolean }
  | { ok: false; problem: InvitationProblem };

/**
 * Uses the invitation once. The conditional UPDATE is the single-use fence: two concurrent accepts
 * serialise on the row and only the first still matches `accepted_at IS NULL`. The user and the
 * membership are made in the same transaction, so a refused or failed accept creates nothing.
 * A new account needs `password`/`confirm`; an existing account just gains the membership (its owner
 * signs in with the password they already have).
 */
export async function acceptInvitation(token: string, input: { password?: unknown; confirm?: unknown } = {}): Promise<AcceptResult> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, problem: "invalid" };
  const tokenHash = hashToken(token);
  const pre = await db().invitation.findUnique({ where: { tokenHash }, include: { tenant: { select: { status: true } } } });
  if (!pre) return { ok: false, problem: "invalid" };
  // Report a dead link before asking about passwords; the transaction below checks again atomically.
  const early = problemOf(pre, pre.tenant.status);
  if (early) return { ok: false, problem: early };
  const hasAccount = !!(await db().user.findUnique({ where: { email: pre.email.toLowerCase() }, select: { id: true } }));
  // Hash outside the transaction (scrypt is slow) and only when a new account will be made.
  const passwordHash = hasAccount ? null : await hashPassword(parseOrThrow(setPasswordSchema, input, "Choose a password.").password);

  try {
    return await db().$transaction(async (tx) => {
      const now = new Date();
      const taken = await tx.invitation.updateMany({
        where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now }, tenant: { status: { not: "deleted" } } },
        data: { acceptedAt: now },
      });
      const inv = await tx.invitation.findUnique({ where: { tokenHash }, include: { tenant: { select: { id: true, name: true, slug: true, status: true } } } });
      if (!inv) return { ok: false, problem: "invalid" } as const;
      if (taken.count === 0) return { ok: false, problem: problemOf(inv, inv.tenant.status) ?? "used" } as const;

      const email = inv.email.toLowerCase();
      let user = await tx.user.findUnique({ where: { email }, select: { id: true } });
      let createdUser = false;
      if (!user) {
        // The account did not exist when we looked, so a password is required now.
        const hash = passwordHash ?? (await hashPassword(parseOrThrow(setPasswordSchema, input, "Choose a password.").password));
        user = await tx.user.create({ data: { id: newId("usr"), email, passwordHash: hash }, select: { id: true } });
        createdUser = true;
      }
      // Someone added in the meantime keeps the role they have (never silently demoted by an old invitation).
      await tx.membership.upsert({
        where: { userId_tenantId: { userId: user.id, tenantId: inv.tenantId } },
        create: { userId: user.id, tenantId: inv.tenantId, role: inv.role },
        update: {},
      });
      await recordAudit(tx, {
        actor: { type: "user", id: user.id, label: email },
        action: "invitation.accepted",
        tenantId: inv.tenantId,
        data: { invitation_id: inv.id, email, role: inv.role, new_user: createdUser },
      });
      return { ok: true, email, tenantSlug: inv.tenant.slug, tenantName: inv.tenant.name, role: inv.role, createdUser } as const;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("An account for this email was created a moment ago. Open the link again to accept with it.");
    throw e;
  }
}
