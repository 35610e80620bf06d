// The portal Usage page's data (polled by the charts): the member's own tenant only.
import { usageResponse } from "@/app/_usage/respond";
import { portalTenantUsage } from "../guard";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  return usageResponse(req, "json", async () => portalTenantUsage((await params).slug));
}
