// Shapes passed from server pages to the key components (plain, serialisable data), and the
// signatures of the server actions they call. The console (tenant keys, platform keys) and the portal
// use the same components with their own actions; `target` is the tenant's id in the console, its slug
// in the portal, and "" for platform keys.
import type { ActionResult } from "@/lib/forms/result";
import type { FormState } from "@/lib/forms/state";

export interface KeyRowData {
  id: string;
  name: string;
  start: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** What an issue or a rotation returns: the secret, shown once. */
export interface IssuedSecret {
  name: string;
  key: string;
}

export type KeyActionResult = ActionResult<{ issued?: IssuedSecret }>;

export interface KeyActions {
  issue: (prev: FormState<IssuedSecret>, fd: FormData) => Promise<FormState<IssuedSecret>>;
  revoke: (input: { target: string; keyId: string }) => Promise<KeyActionResult>;
  rotate: (input: { target: string; keyId: string; graceSeconds: number }) => Promise<KeyActionResult>;
}

export const SCOPE_HELP: Record<string, string> = {
  "usage:write": "Send usage events",
  "usage:read": "Read usage",
  "quota:read": "Read and check quotas",
};

export const GRACE_OPTIONS: { seconds: number; label: string }[] = [
  { seconds: 0, label: "None — the old key stops now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 24 * 3600, label: "24 hours" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
];
