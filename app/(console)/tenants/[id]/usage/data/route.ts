// The Usage tab's data (polled by the charts): session-authenticated, platform staff only.
import { usageResponse } from "@/app/_usage/respond";
import { consoleTenantUsage } from "../guard";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return usageResponse(req, "json", async () => consoleTenantUsage((await params).id));
}
