import { tenantIdParam } from "@/lib/http/params";
import { controlPlaneRoute } from "@/lib/http/route";
import { parseUsageQuery, usageForApi } from "@/lib/metering/api";
import { assertTenantExists } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = controlPlaneRoute<Params>(async ({ params, query }) => {
  const id = tenantIdParam(params.id);
  const q = await parseUsageQuery(query); // a bad query is 400 even for a tenant that does not exist
  // The existence check and the read run side by side (two pooled connections): the answer waits for
  // the slower of the two, not both; an unknown or deleted tenant is still a 404.
  const [, usage] = await Promise.all([assertTenantExists(id), usageForApi(id, q)]);
  return usage;
});
