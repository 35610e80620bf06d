// What a non-form server action (a button: revoke, rotate, clear, sync now) returns: success with a
// message for the toast, plus whatever the action adds (the issued secret, a report), or the domain
// error's message. Console and portal actions share this type and `toResult`, which makes the mapping.
import { isDomainError } from "../errors";

export type ActionFailure = { ok: false; message: string };
export type ActionResult<Extra extends object = object> = ({ ok: true; message: string } & Extra) | ActionFailure;

/**
 * Runs an action's body: a domain error becomes `{ ok: false, message }`; anything else (bugs, and
 * Next's notFound/redirect signals, which must propagate) is rethrown. A body that only has a message
 * to show may return the message.
 */
export async function toResult(fn: () => Promise<string>): Promise<ActionResult>;
export async function toResult<R extends ActionResult>(fn: () => Promise<R>): Promise<R | ActionFailure>;
export async function toResult(fn: () => Promise<string | ActionResult>): Promise<ActionResult> {
  try {
    const r = await fn();
    return typeof r === "string" ? { ok: true, message: r } : r;
  } catch (e) {
    if (isDomainError(e)) return { ok: false, message: e.message };
    throw e;
  }
}
