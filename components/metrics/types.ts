import type { ActionResult } from "@/lib/forms/result";
import type { FormState } from "@/lib/forms/state";
export type { MetricInfo } from "@/lib/metering/metric-admin";

export type RegisterMetric = (prev: FormState<{ name: string }>, fd: FormData) => Promise<FormState<{ name: string }>>;

export interface MetricActions {
  setArchived: (input: { name: string; archived: boolean }) => Promise<ActionResult>;
}
