import { tenantIdParam } from "@/lib/http/params";
import { controlPlaneRoute } from "@/lib/http/route";
import { issueTenantKey, listKeys } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** 201 with the secret in `key`: the only time it is ever shown. */
export const POST = controlPlaneRoute<Params>(({ params, body, actor }) => issueTenantKey(tenantIdParam(params.id), body, actor), {
  body: true,
  status: 201,
});

/** Live keys, newest first (at most 500 per tenant), never the secret. */
export const GET = controlPlaneRoute<Params>(async ({ params }) => ({ data: await listKeys(tenantIdParam(params.id)), next_cursor: null }));
