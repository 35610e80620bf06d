// The portal Usage page's CSV download.
import { usageResponse } from "@/app/_usage/respond";
import { portalTenantUsage } from "../guard";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  return usageResponse(req, "csv", async () => portalTenantUsage((await params).slug));
}
