import type { ActionResult } from "@/lib/forms/result";
import type { FormState } from "@/lib/forms/state";

export interface QuotaRowData {
  key: string;
  plan: number | null;
  /** undefined: no override; null: overridden to unlimited. */
  override?: number | null;
  effective: number | null;
  used: number | null;
}

export interface OverrideActions {
  /** Form fields: target, quota, and the value fields of `quotaFromForm`. */
  set: (prev: FormState<never>, fd: FormData) => Promise<FormState<never>>;
  clear: (input: { target: string; quota: string }) => Promise<ActionResult>;
}
