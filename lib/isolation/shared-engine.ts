// One Prisma query engine for every schema- and shared-tier tenant.
//
// Why: Prisma 7 gives every PrismaClient its own engine, and each engine builds its own WASM query
// compiler (with the data model parsed into WASM memory, which never shrinks), its own parameterization
// graph and its own plan cache: ~276 KB of RSS per client, so 1,000 warm tenants cost ~270 MB, and a
// tenant's first query pays a compile. The compiler bakes the schema into the SQL it emits
// (`"t_x"."projects"`), taken from the adapter's connection info when the engine connects, so clients
// of different schemas cannot share one compiler as is.
//
// So: ONE engine, whose adapter reports a placeholder schema. Every query it compiles names
// `"__tenantry_tenant_schema__"`; the adapter swaps in the tenant's quoted schema just before the SQL
// goes to PostgreSQL. Which tenant? Each tenant still gets its own PrismaClient (its own request
// batcher, so one tenant's findUnique calls are never batched with another's), but that client's
// engine is a thin facade that enters the tenant's schema in an AsyncLocalStorage around every call
// into the shared engine; the adapter reads it there. A transaction takes its schema when it starts
// and keeps it to the end, whatever context later queries run in. SQL naming the placeholder with no
// schema bound is refused, never sent (and the placeholder schema does not exist, a second fence).
//
// This leans on two Prisma internals, both checked when the engine is made: the client's `_engine`
// property, and that engine's request / requestBatch / transaction methods (@prisma/client 7.10,
// pinned). tests/isolation/ covers both, so an upgrade that moves them fails loudly.
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { quoteIdent } from "../db/sql";
import { PrismaClient as TenantPrismaClient } from "../generated/tenant/client";

export const SCHEMA_PLACEHOLDER = "__tenantry_tenant_schema__";
const QUOTED_PLACEHOLDER = `"${SCHEMA_PLACEHOLDER}"`;

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Tx = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

/** The parts of Prisma's engine the facade forwards (see the header). */
interface Engine {
  start(): Promise<void>;
  stop(): Promise<void>;
  request(...args: unknown[]): Promise<unknown>;
  requestBatch(...args: unknown[]): Promise<unknown>;
  transaction(...args: unknown[]): Promise<unknown>;
}

export class SchemaNotBoundError extends Error {
  constructor() {
    super("tenant query with no tenant schema bound (refused, not sent)");
  }
}

/** The query with the tenant's schema in place of the placeholder; refused when none is bound. */
export function bindSql(query: Query, quotedSchema: string | undefined): Query {
  if (!query.sql.includes(QUOTED_PLACEHOLDER)) return query;
  if (!quotedSchema) throw new SchemaNotBoundError();
  return { ...query, sql: query.sql.replaceAll(QUOTED_PLACEHOLDER, quotedSchema) };
}

/** A transaction stays on the schema it started in. */
function bindTransaction(tx: Tx, quotedSchema: string | undefined): Tx {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (q) => tx.queryRaw(bindSql(q, quotedSchema)),
    executeRaw: (q) => tx.executeRaw(bindSql(q, quotedSchema)),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    createSavepoint: tx.createSavepoint && ((name) => tx.createSavepoint!(name)),
    rollbackToSavepoint: tx.rollbackToSavepoint && ((name) => tx.rollbackToSavepoint!(name)),
    releaseSavepoint: tx.releaseSavepoint && ((name) => tx.releaseSavepoint!(name)),
  };
}

export interface SharedEngine {
  /** A PrismaClient of the tenant template bound to `schema`, running on the shared engine. */
  clientFor(schema: string): TenantPrismaClient;
  close(): Promise<void>;
}

export function createSharedEngine(pool: pg.Pool): SharedEngine {
  const current = new AsyncLocalStorage<string>();
  const inner = new PrismaPg(pool, { schema: SCHEMA_PLACEHOLDER });
  // Same provider and name as PrismaPg (the client checks the provider); connect() wraps its adapter.
  const factory = Object.assign(Object.create(inner) as PrismaPg, {
    async connect(): Promise<Adapter> {
      const a = await inner.connect();
      return Object.assign(Object.create(a) as Adapter, {
        queryRaw: (q: Query) => a.queryRaw(bindSql(q, current.getStore())),
        executeRaw: (q: Query) => a.executeRaw(bindSql(q, current.getStore())),
        startTransaction: async (isolationLevel?: Parameters<Adapter["startTransaction"]>[0]) => {
          const schema = current.getStore(); // read before the first await: the caller's tenant
          return bindTransaction(await a.startTransaction(isolationLevel), schema);
        },
      });
    },
  });

  const host = new TenantPrismaClient({ adapter: factory });
  const engine = engineOf(host);

  return {
    clientFor(schema) {
      const quoted = quoteIdent(schema);
      const client = new TenantPrismaClient({ adapter: factory });
      const inSchema = <T>(fn: () => Promise<T>) => current.run(quoted, fn);
      const facade: Engine = {
        start: () => inSchema(() => engine.start()),
        // The engine is everyone's: a tenant client's $disconnect must not close it.
        stop: async () => {},
        request: (...args) => inSchema(() => engine.request(...args)),
        requestBatch: (...args) => inSchema(() => engine.requestBatch(...args)),
        transaction: (...args) => inSchema(() => engine.transaction(...args)),
      };
      // The client's own engine was built but never started (engines connect on first use); it is
      // dropped here, so no compiler is ever made for it.
      (client as unknown as { _engine: Engine })._engine = Object.assign(facade, { onBeforeExit: () => {} });
      return client;
    },
    close: () => host.$disconnect(),
  };
}

function engineOf(client: TenantPrismaClient): Engine {
  const engine = (client as unknown as { _engine?: Partial<Engine> })._engine;
  for (const m of ["start", "stop", "request", "requestBatch", "transaction"] as const) {
    if (typeof engine?.[m] !== "function") {
      throw new Error(`@prisma/client changed: its engine has no ${m}() (lib/isolation/shared-engine.ts needs updating)`);
    }
  }
  return engine as Engine;
}
