// Control-plane authentication: `Authorization: Bearer <platform key>`. Either the bootstrap key from
// TENANTRY_PLATFORM_KEY or a platform key (`tpk_…`) issued in the console or through the API.
import type { Actor } from "../audit/log";
import { config } from "../config";
import { forbidden, unauthorized } from "../errors";
import { noteKeyUsed, verifyKey } from "../keys/verify";
import { bearerToken, sameSecret } from "./bearer";


/** The actor behind a control-plane request, or a 401/403 domain error. */
export async function authenticatePlatform(authorization: string | null | undefined): Promise<Actor> {
  const token = bearerToken(authorization);
  if (!token) throw unauthorized("Send a platform key as `Authorization: Bearer <key>`.");
  if (token.startsWith("tk_")) throw forbidden("A tenant key cannot be used on the control plane.");
  const bootstrap = config.platformKey;
  if (bootstrap && sameSecret(token, bootstrap)) return { type: "platform_key", id: "env", label: "TENANTRY_PLATFORM_KEY" };
  if (token.startsWith("tpk_")) {
    // Malformed, unknown, revoked and expired keys are all 401 from verifyKey.
    const key = await verifyKey(token);
    if (key.kind !== "platform") throw forbidden("A tenant key cannot be used on the control plane.");
    noteKeyUsed(key.id);
    return { type: "platform_key", id: key.id, label: `platform key ${key.id}` };
  }
  throw unauthorized("The platform key is not valid.");
}
