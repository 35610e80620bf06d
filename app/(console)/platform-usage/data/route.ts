// The dashboard's platform chart data: every tenant's usage added up; platform staff only.
import { requireConsoleAction } from "@/lib/auth/session";
import { PLATFORM_CHART_METRICS, platformUsageView } from "@/lib/metering/usage-view";
import { usageResponse } from "@/app/_usage/respond";

export async function GET(req: Request) {
  return usageResponse(req, "json", async () => {
    await requireConsoleAction("platform:read");
    return async (range) => ({ view: await platformUsageView(range, PLATFORM_CHART_METRICS), name: "platform" });
  });
}
