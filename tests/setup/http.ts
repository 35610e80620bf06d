// Builds Fetch API requests for calling route handlers directly (no server, no mocks).
import { TEST_PLATFORM_KEY } from "./constants";

export const BASE = "http://tenantry.test";

export interface CallOptions {
  /** A value to send as JSON, or a raw string / bytes to send as they are. */
  body?: unknown;
  raw?: string | Uint8Array;
  /** The Authorization header; the test platform key by default, null for none. */
  authorization?: string | null;
  headers?: Record<string, string>;
}

export function apiRequest(method: string, path: string, opts: CallOptions = {}): Request {
  const headers = new Headers(opts.headers);
  const auth = opts.authorization === undefined ? `Bearer ${TEST_PLATFORM_KEY}` : opts.authorization;
  if (auth !== null) headers.set("authorization", auth);
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) body = opts.raw as BodyInit;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return new Request(new URL(path, BASE), { method, headers, body });
}

/** The second argument Next passes to a dynamic route's handler. */
export function routeParams<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
