import { readJson } from "@/lib/http/body";
import { tenantIdParam } from "@/lib/http/params";
import { controlPlaneRoute } from "@/lib/http/route";
import { rotateKey } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

type Params = { id: string; key_id: string };

/**
 * An extension of API.md: a new secret with the same name, scopes and expiry (201, shown once); the
 * old one stops at once, or after `grace_seconds`. The body is optional.
 */
export const POST = controlPlaneRoute<Params>(
  async ({ req, params, actor }) => {
    const body = !req.body || req.headers.get("content-length") === "0" ? {} : await readJson(req);
    return rotateKey(tenantIdParam(params.id), params.key_id, body, actor);
  },
  { status: 201 },
);
