import { tenantIdParam } from "@/lib/http/params";
import { controlPlaneRoute } from "@/lib/http/route";
import { parseUsageQuery, usageForApi } from "@/lib/metering/api";
import { getTenant } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = controlPlaneRoute<Params>(async ({ params, query }) => {
  const id = tenantIdParam(params.id);
  const q = await parseUsageQuery(query); // a bad query is 400 even for a tenant that does not exist
  await getTenant(id);
  return usageForApi(id, q);
});
