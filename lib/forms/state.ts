// Server-action form state: what a form shows after its action ran. Domain errors become a form-level
// message plus per-field messages; anything else is rethrown (including Next's redirect/notFound
// signals, which must propagate, and real bugs, which belong to the error boundary and the logs).
import { invalid, isDomainError } from "../errors";

export type FormState<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors: Record<string, string>; values?: Record<string, string> };

/** The state before the first submission. */
export const initialFormState: FormState<never> = { ok: false, message: "", fieldErrors: {} };

export interface ErrorStateOptions {
  /** Show a conflict (409) under this field instead of only at form level ("The slug … is already taken."). */
  conflictField?: string;
  /** Echo the submitted values back so the form keeps what the user typed. */
  values?: Record<string, string>;
}

/** Maps a thrown error to form state, or rethrows it when it is not a domain error. */
export function formErrorState(e: unknown, opts: ErrorStateOptions = {}): FormState<never> {
  if (!isDomainError(e)) throw e;
  const fieldErrors: Record<string, string> = {};
  for (const fe of e.extra.errors ?? []) {
    // The first message per field is the one the user should fix first.
    const key = fe.path || "_form";
    if (!(key in fieldErrors)) fieldErrors[key] = fe.message;
  }
  if (e.code === "conflict" && opts.conflictField && !(opts.conflictField in fieldErrors)) {
    fieldErrors[opts.conflictField] = e.message;
  }
  return { ok: false, message: e.message, fieldErrors, ...(opts.values ? { values: opts.values } : {}) };
}

/**
 * Runs a lib call whose schema names fields otherwise than the form does (`quotas.<key>`,
 * `metrics.<metric>.unit_amount`): a refusal comes back with its field paths renamed to the form's.
 */
export async function withFormFields<T>(fn: () => Promise<T>, rename: (path: string) => string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDomainError(e) && e.code === "invalid_request") {
      throw invalid(e.message, (e.extra.errors ?? []).map((fe) => ({ path: rename(fe.path), message: fe.message })));
    }
    throw e;
  }
}

/**
 * FormData → plain object for a zod schema: strings only (files are ignored), blank fields dropped so
 * optional fields fall back to their schema defaults instead of failing on "".
 */
export function formValues(fd: FormData, fields?: readonly string[], opts: { untrimmed?: readonly string[] } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) {
    if (k.startsWith("$ACTION")) continue;
    if (fields && !fields.includes(k)) continue;
    if (typeof v !== "string" || v.trim() === "") continue;
    // Stray spaces around a slug or email are a typo; around a password they may be the password.
    out[k] = opts.untrimmed?.includes(k) ? v : v.trim();
  }
  return out;
}
