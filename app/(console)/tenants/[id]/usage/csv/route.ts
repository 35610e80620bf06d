// The Usage tab's CSV download: the same range as the charts, one row per metric and bucket.
import { usageResponse } from "@/app/_usage/respond";
import { consoleTenantUsage } from "../guard";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return usageResponse(req, "csv", async () => consoleTenantUsage((await params).id));
}
