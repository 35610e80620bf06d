// Redelivery of mail the first attempt could not send (SMTP down, timeouts): a pg-boss schedule runs
// every five minutes on one instance and retries each unsent message a bounded number of times.
import { db } from "../db/client";
import { queue } from "../jobs/queue";
import { deliverEmail } from "./outbox";
import { smtpConfigured } from "./transport";

export const MAIL_QUEUE = "mail-redeliver";
export const MAX_ATTEMPTS = 6;

/**
 * Tries again every unsent message with attempts left. Messages younger than `olderThanMs` are left to
 * the request that wrote them (it sends right after its commit). Returns how many were sent now.
 */
export async function redeliverPending(opts: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
  if (!smtpConfigured()) return 0;
  const rows = await db().outboxEmail.findMany({
    where: { sentAt: null, attempts: { lt: MAX_ATTEMPTS }, createdAt: { lte: new Date(Date.now() - (opts.olderThanMs ?? 60_000)) } },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
    select: { id: true },
  });
  let sent = 0;
  for (const r of rows) if ((await deliverEmail(r.id)) === "sent") sent++;
  return sent;
}

/** Starts the schedule (only when SMTP is configured: without it, mail stays in the outbox by design). */
export async function startMailWorker(): Promise<void> {
  if (!smtpConfigured()) return;
  const boss = await queue();
  await boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE });
  await boss.schedule(MAIL_QUEUE, "*/5 * * * *");
  await boss.work(MAIL_QUEUE, async () => {
    await redeliverPending();
  });
}
