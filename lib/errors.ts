// Domain errors, typed once. lib/http maps them to problem+json; server actions map them to form messages.

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "quota_exceeded"
  | "rate_limited"
  | "payment_required"
  | "internal";

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, errors: FieldError[] = []) => new DomainError("invalid_request", 400, message, { errors });
export const unauthorized = (message = "A valid API key is required.") => new DomainError("unauthorized", 401, message);
export const forbidden = (message = "You are not allowed to do that.") => new DomainError("forbidden", 403, message);
export const notFound = (what = "Resource") => new DomainError("not_found", 404, `${what} not found.`);
export const conflict = (message: string) => new DomainError("conflict", 409, message);
export const payloadTooLarge = (message = "The request body is larger than 1 MiB.") => new DomainError("payload_too_large", 413, message);
export const quotaExceeded = (message: string, retryAfterSeconds: number) =>
  new DomainError("quota_exceeded", 429, message, { retryAfterSeconds });
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new DomainError("rate_limited", 429, message, { retryAfterSeconds });
export const paymentRequired = (message: string) => new DomainError("payment_required", 402, message);

/**
 * By shape as well as by class: the custom server (tsx) and Next's bundle each load their own copy
 * of lib/, so an error made by one copy fails `instanceof` against the other's class.
 */
export function isDomainError(e: unknown): e is DomainError {
  if (e instanceof DomainError) return true;
  const x = e as Partial<DomainError> | null;
  return !!x && x.name === "DomainError" && typeof x.code === "string" && typeof x.status === "number" && typeof x.extra === "object";
}

/** Turns a zod error into our field errors (paths like `events[3].value`). */
export function fieldErrorsFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldError[] {
  return issues.map((i) => ({
    path: i.path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), ""),
    message: i.message,
  }));
}

/** Parses with a zod schema, throwing `invalid_request` with per-field errors. */
export function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } },
  value: unknown,
  message = "The request is not valid.",
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(message, fieldErrorsFromZod(r.error.issues));
  return r.data;
}
