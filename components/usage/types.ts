// The JSON the usage endpoints answer (lib/metering/usage-view.ts UsageView), as the client sees it.
export type { MetricView, UsageView, ViewPoint, RangeId } from "@/lib/metering/usage-view";
