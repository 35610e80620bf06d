// Control-plane authentication: `Authorization: Bearer <platform key>`. For now the bootstrap key from
// TENANTRY_PLATFORM_KEY; platform keys issued in the console join here with the keys issue.
import crypto from "node:crypto";
import type { Actor } from "../audit/log";
import { config } from "../config";
import { forbidden, unauthorized } from "../errors";

export function bearerToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1] : null;
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** The actor behind a control-plane request, or a 401/403 domain error. */
export async function authenticatePlatform(authorization: string | null | undefined): Promise<Actor> {
  const token = bearerToken(authorization);
  if (!token) throw unauthorized("Send a platform key as `Authorization: Bearer <key>`.");
  if (token.startsWith("tk_")) throw forbidden("A tenant key cannot be used on the control plane.");
  const bootstrap = config.platformKey;
  if (bootstrap && sameSecret(token, bootstrap)) return { type: "platform_key", id: "env", label: "TENANTRY_PLATFORM_KEY" };
  throw unauthorized("The platform key is not valid.");
}
