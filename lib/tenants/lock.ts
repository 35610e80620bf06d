import type { Prisma } from "../db/client";

/**
 * Locks a tenant's row for the rest of the transaction, before it is read and rewritten: concurrent
 * read-merge-write edits (quota overrides, say) then apply one after the other instead of the second
 * undoing the first.
 */
export async function lockTenant(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM tenants WHERE id = ${id} FOR UPDATE`;
}
