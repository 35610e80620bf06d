import { tenantIdParam } from "@/lib/http/params";
import { controlPlaneRoute } from "@/lib/http/route";
import { revokeKey } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

type Params = { id: string; key_id: string };

/** 204; the key is refused on the next request, on every instance. */
export const DELETE = controlPlaneRoute<Params>(async ({ params, actor }) => {
  await revokeKey(tenantIdParam(params.id), params.key_id, actor);
  return new Response(null, { status: 204 });
});
