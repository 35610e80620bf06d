import { controlPlaneRoute } from "@/lib/http/route";
import { issuePlatformKey, listKeys } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

/** An extension of API.md: platform keys (`tpk_…`) for the control-plane API. 201 with the secret, once. */
export const POST = controlPlaneRoute(({ body, actor }) => issuePlatformKey(body, actor), { body: true, status: 201 });

export const GET = controlPlaneRoute(async () => ({ data: await listKeys(null), next_cursor: null }));
