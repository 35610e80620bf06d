// Every connection this process holds to PostgreSQL through lib/: the tenant router's engines, the
// Prisma client and the shared pool, closed in that order (the router's engines sit on the pool).
// For shutdown, and for tools that must leave a database unused (DROP DATABASE, CREATE … TEMPLATE).
import { closeRouter } from "../isolation/router";
import { disconnectDb } from "./client";
import { closePool } from "./pool";

export async function closeDatabaseConnections(): Promise<void> {
  await closeRouter();
  await disconnectDb();
  await closePool();
}
