// The control-plane Prisma client, on the shared pool.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/control/client";
import { pool } from "./pool";

export { Prisma } from "../generated/control/client";
export type { PrismaClient } from "../generated/control/client";

type Globals = { __tenantryDb?: PrismaClient };
const g = globalThis as Globals;

export function db(): PrismaClient {
  if (!g.__tenantryDb) {
    g.__tenantryDb = new PrismaClient({
      adapter: new PrismaPg(pool()),
      // Prisma's default 2 s wait for a connection fails bursts (twenty concurrent creates share ten
      // connections with provisioning); waiting longer queues them, which is what a pool is for.
      transactionOptions: { maxWait: 15_000, timeout: 30_000 },
    });
  }
  return g.__tenantryDb;
}

export async function disconnectDb(): Promise<void> {
  const c = g.__tenantryDb;
  g.__tenantryDb = undefined;
  if (c) await c.$disconnect();
}
