// What a non-form server action returns: success with a message for the toast, or the domain error's
// message. Anything that is not a domain error (bugs, and Next's notFound/redirect signals) propagates.
import { isDomainError } from "@/lib/errors";
import type { ActionResult } from "@/components/portal/types";

export type { ActionResult } from "@/components/portal/types";

export async function toResult(fn: () => Promise<string>): Promise<ActionResult> {
  try {
    return { ok: true, message: await fn() };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, message: e.message };
    throw e;
  }
}
