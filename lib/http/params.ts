// Path parameters. An id that is not even shaped like one of ours is "not found" at once: it never
// reaches a query, and the answer is the same as for a well-formed id that matches nothing.
import { notFound } from "../errors";
import { isWellFormedId } from "../ids";

export function tenantIdParam(raw: string | undefined): string {
  if (typeof raw !== "string" || !isWellFormedId(raw, "ten")) throw notFound("Tenant");
  return raw;
}
