// `Authorization: Bearer <token>` (the scheme is case-insensitive, RFC 9110), and comparing a token
// with a configured secret without leaking timing.
import crypto from "node:crypto";

/** The token of a Bearer header, or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const m = /^bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1] : null;
}

/** Constant-time equality of two secrets of any length (compared as SHA-256 digests). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => crypto.createHash("sha256").update(s).digest();
  return crypto.timingSafeEqual(h(a), h(b));
}
