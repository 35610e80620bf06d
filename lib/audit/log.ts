// Who did what to which tenant. Every change made through the API, the console or a job is recorded.
import { db } from "../db/client";
import type { Prisma } from "../db/client";

export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "platform_key"; id: string; label: string }
  | { type: "system"; label?: string };

type Tx = Pick<ReturnType<typeof db>, "auditLog">;

export async function recordAudit(
  tx: Tx,
  entry: { actor: Actor; action: string; tenantId?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.type === "system" ? null : entry.actor.id,
      actorLabel: entry.actor.label ?? (entry.actor.type === "system" ? "system" : null),
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      data: (entry.data ?? {}) as Prisma.InputJsonValue,
    },
  });
}

export interface AuditEntry {
  id: string;
  actorType: string;
  actorLabel: string | null;
  action: string;
  tenantId: string | null;
  tenantSlug: string | null;
  data: unknown;
  createdAt: Date;
}

export async function listAudit(opts: { tenantId?: string; limit?: number; before?: string } = {}): Promise<AuditEntry[]> {
  const rows = await db().auditLog.findMany({
    where: { tenantId: opts.tenantId, ...(opts.before ? { id: { lt: BigInt(opts.before) } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(opts.limit ?? 50, 200),
    include: { tenant: { select: { slug: true } } },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    actorType: r.actorType,
    actorLabel: r.actorLabel,
    action: r.action,
    tenantId: r.tenantId,
    tenantSlug: r.tenant?.slug ?? null,
    data: r.data,
    createdAt: r.createdAt,
  }));
}
