// The data-plane paths, matched exactly: the custom server hands these to the fast path before Next.
import { problemFor } from "../http/problem";
import { DomainError } from "../errors";
import { getQuota, postQuotaCheck, postUsage } from "./handlers";
import type { DataPlaneHandler, DataPlaneResponse } from "./types";

export type DataPlaneMethods = Readonly<Record<string, DataPlaneHandler>>;

export const DATA_PLANE_ROUTES: ReadonlyMap<string, DataPlaneMethods> = new Map<string, DataPlaneMethods>([
  ["/api/v1/usage", { POST: postUsage }],
  ["/api/v1/quota", { GET: getQuota }],
  ["/api/v1/quota/check", { POST: postQuotaCheck }],
]);

/** The handlers for a path (without query string), or undefined when the path is not the data plane's. */
export function matchDataPlane(path: string): DataPlaneMethods | undefined {
  return DATA_PLANE_ROUTES.get(path);
}

/** 405 with the `Allow` header listing `methods`. */
export function methodNotAllowed(methods: readonly string[]): DataPlaneResponse {
  const allow = methods.join(", ");
  const p = problemFor(new DomainError("invalid_request", 405, `This endpoint accepts ${allow} only.`));
  return { status: 405, headers: { ...p.headers, allow }, body: JSON.stringify({ ...p.body, title: "Method not allowed" }) };
}
