import pg from "pg";

/**
 * Runs `fn` on a connection of its own, closed afterwards: for DDL, other servers and samplers that
 * must not hold (or wait for) a pooled connection.
 */
export async function withClient<T>(url: string, applicationName: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: applicationName });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}
