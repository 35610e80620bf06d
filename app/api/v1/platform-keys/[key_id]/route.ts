import { controlPlaneRoute } from "@/lib/http/route";
import { revokeKey } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

type Params = { key_id: string };

/** 204; the platform key is refused on the next request. */
export const DELETE = controlPlaneRoute<Params>(async ({ params, actor }) => {
  await revokeKey(null, params.key_id, actor);
  return new Response(null, { status: 204 });
});
