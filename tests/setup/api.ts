// The control-plane route handlers, called directly with Fetch API requests: the same code Next runs,
// against the real database.
import * as collection from "@/app/api/v1/tenants/route";
import * as item from "@/app/api/v1/tenants/[id]/route";
import { apiRequest, routeParams, type CallOptions } from "./http";

const none = routeParams({} as Record<string, never>);
const path = (id: string) => `/api/v1/tenants/${encodeURIComponent(id)}`;

export const api = {
  create: (body: unknown, opts: CallOptions = {}) => collection.POST(apiRequest("POST", "/api/v1/tenants", { body, ...opts }), none),
  list: (query: Record<string, string> = {}, opts: CallOptions = {}) =>
    collection.GET(apiRequest("GET", `/api/v1/tenants?${new URLSearchParams(query)}`, opts), none),
  get: (id: string, opts: CallOptions = {}) => item.GET(apiRequest("GET", path(id), opts), routeParams({ id })),
  patch: (id: string, body: unknown, opts: CallOptions = {}) => item.PATCH(apiRequest("PATCH", path(id), { body, ...opts }), routeParams({ id })),
  delete: (id: string, opts: CallOptions = {}) => item.DELETE(apiRequest("DELETE", path(id), opts), routeParams({ id })),
};

/** A token unique to this test run and call, for names and slugs that must not collide. */
export function unique(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
