// RFC 9457 problem+json: the one mapping from domain errors to HTTP, for route handlers and the
// data-plane fast path alike.
import { DomainError, isDomainError, type ErrorCode, type FieldError } from "../errors";

const TITLES: Record<ErrorCode, string> = {
  invalid_request: "Invalid request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  quota_exceeded: "Quota exceeded",
  rate_limited: "Rate limited",
  payment_required: "Payment required",
  internal: "Internal error",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The problem body and headers for any thrown value; unknown errors become a 500 that leaks nothing. */
export function problemFor(e: unknown): { status: number; body: Problem; headers: Record<string, string> } {
  const err: DomainError = isDomainError(e) ? e : new DomainError("internal", 500, "Something went wrong on our side.");
  if (!isDomainError(e)) console.error("[api] unexpected error:", e);
  const body: Problem = {
    type: `https://tenantry.dev/problems/${err.code.replace(/_/g, "-")}`,
    title: TITLES[err.code],
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.code === "invalid_request" ? { errors: err.extra.errors ?? [] } : {}),
  };
  const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE };
  if (err.extra.retryAfterSeconds !== undefined) headers["retry-after"] = String(Math.max(0, Math.ceil(err.extra.retryAfterSeconds)));
  if (err.code === "unauthorized") headers["www-authenticate"] = 'Bearer realm="tenantry"';
  return { status: err.status, body, headers };
}

export function problemResponse(e: unknown, extraHeaders: Record<string, string> = {}): Response {
  const p = problemFor(e);
  return new Response(JSON.stringify(p.body), { status: p.status, headers: { ...p.headers, ...extraHeaders } });
}
