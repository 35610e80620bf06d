import type { FormState } from "@/lib/forms/state";
export type { MetricInfo } from "@/lib/metering/metric-admin";

export interface MetricActions {
  register: (prev: FormState<{ name: string }>, fd: FormData) => Promise<FormState<{ name: string }>>;
  setArchived: (input: { name: string; archived: boolean }) => Promise<{ ok: boolean; message: string }>;
}
