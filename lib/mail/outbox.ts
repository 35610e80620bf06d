// The email outbox: every message is written here first (in the caller's transaction when it has one,
// so an invitation and its email commit together), then delivered over SMTP if configured. The row
// records the outcome (sent_at or error, attempts), so nothing is lost when the SMTP server is down.
import { db } from "../db/client";
import { newId } from "../ids";
import { mailFrom, smtpTransport } from "./transport";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the message is for ("invitation", …), for the outbox page and later filtering. */
  kind: string;
  tenantId?: string | null;
}

type Tx = Pick<ReturnType<typeof db>, "outboxEmail">;

export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<string> {
  const id = newId("eml");
  await tx.outboxEmail.create({
    data: { id, to: email.to, subject: email.subject, text: email.text, html: email.html ?? null, kind: email.kind, tenantId: email.tenantId ?? null },
  });
  return id;
}

export type DeliveryResult = "sent" | "kept" | "failed";

/**
 * Sends one queued message if SMTP is configured. Never throws: a failure is recorded on the row and
 * the caller's flow (an invitation) still succeeds — the link is shown to the inviter anyway.
 */
export async function deliverEmail(id: string): Promise<DeliveryResult> {
  const transport = smtpTransport();
  if (!transport) return "kept";
  const row = await db().outboxEmail.findUnique({ where: { id } });
  if (!row || row.sentAt) return "kept";
  try {
    await transport.sendMail({ from: mailFrom(), to: row.to, subject: row.subject, text: row.text, html: row.html ?? undefined });
    await db().outboxEmail.update({ where: { id }, data: { sentAt: new Date(), error: null, attempts: { increment: 1 } } });
    return "sent";
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db().outboxEmail.update({ where: { id }, data: { error: message.slice(0, 1000), attempts: { increment: 1 } } }).catch(() => {});
    return "failed";
  }
}

/** Writes and (if possible) sends a message outside any transaction. */
export async function sendEmail(email: OutgoingEmail): Promise<{ id: string; delivery: DeliveryResult }> {
  const id = await enqueueEmail(db(), email);
  return { id, delivery: await deliverEmail(id) };
}

export interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  tenantId: string | null;
  tenantSlug: string | null;
  sentAt: Date | null;
  error: string | null;
  attempts: number;
  createdAt: Date;
}

/** Newest first, for the console's outbox page (platform admins only: bodies hold invitation links). */
export async function listOutbox(opts: { limit?: number } = {}): Promise<OutboxItem[]> {
  const rows = await db().outboxEmail.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.min(Math.max(opts.limit ?? 100, 1), 500) });
  const tenantIds = [...new Set(rows.map((r) => r.tenantId).filter((x): x is string => !!x))];
  const tenants = tenantIds.length ? await db().tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, slug: true } }) : [];
  const slugs = new Map(tenants.map((t) => [t.id, t.slug]));
  return rows.map((r) => ({
    id: r.id,
    to: r.to,
    subject: r.subject,
    text: r.text,
    kind: r.kind,
    tenantId: r.tenantId,
    tenantSlug: r.tenantId ? (slugs.get(r.tenantId) ?? null) : null,
    sentAt: r.sentAt,
    error: r.error,
    attempts: r.attempts,
    createdAt: r.createdAt,
  }));
}
