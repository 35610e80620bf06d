// The one wrapper every control-plane route handler goes through: platform-key auth → JSON body (1 MiB
// limit) → the handler → JSON. Anything thrown, domain error or not, leaves as problem+json.
import type { Actor } from "../audit/log";
import { readJson } from "./body";
import { authenticatePlatform } from "./platform-auth";
import { problemResponse } from "./problem";

export interface RouteInput<P> {
  req: Request;
  actor: Actor;
  params: P;
  query: URLSearchParams;
  /** The parsed JSON body (only for routes declared with `{ body: true }`). */
  body: unknown;
}

export interface RouteOptions {
  /** Read the body as JSON before calling the handler (POST/PATCH). */
  body?: boolean;
  /** The success status (200 unless said otherwise). */
  status?: number;
}

/** What Next passes as a dynamic route's second argument. */
export interface RouteContext<P> {
  params: Promise<P>;
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: JSON_HEADERS });
}

export function controlPlaneRoute<P extends Record<string, string> = Record<string, never>>(
  handler: (input: RouteInput<P>) => Promise<unknown>,
  opts: RouteOptions = {},
): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    try {
      const actor = await authenticatePlatform(req.headers.get("authorization"));
      const params = ((await ctx?.params) ?? {}) as P;
      const body = opts.body ? await readJson(req) : undefined;
      const result = await handler({ req, actor, params, query: new URL(req.url).searchParams, body });
      if (result instanceof Response) return result;
      return jsonResponse(result, opts.status ?? 200);
    } catch (e) {
      return problemResponse(e);
    }
  };
}
