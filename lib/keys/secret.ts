// API key secrets: `tk_` (tenant) or `tpk_` (platform), 30 base62 characters of randomness (~178 bits),
// then a 6-character base62 CRC32 of everything before it. The fixed shape lets secret scanners
// recognise a leaked key, and the checksum rejects typos and random guesses without a database hit.
import crypto from "node:crypto";
import zlib from "node:zlib";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;

export type KeyKind = "tenant" | "platform";
export const KEY_PREFIX: Record<KeyKind, string> = { tenant: "tk_", platform: "tpk_" };

function base62(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  let out = "";
  while (out.length < length) {
    for (const b of crypto.randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  return base62(zlib.crc32(body), CHECKSUM_LENGTH);
}

export function generateSecret(kind: KeyKind): string {
  const body = KEY_PREFIX[kind] + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

const SHAPE: Record<KeyKind, RegExp> = {
  tenant: new RegExp(`^tk_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`),
  platform: new RegExp(`^tpk_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`),
};

/** The kind of a well-formed secret with a correct checksum; null for anything else. */
export function checkSecret(secret: string): KeyKind | null {
  const kind: KeyKind | null = secret.startsWith("tk_") ? "tenant" : secret.startsWith("tpk_") ? "platform" : null;
  if (!kind || !SHAPE[kind].test(secret)) return null;
  const body = secret.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === secret.slice(-CHECKSUM_LENGTH) ? kind : null;
}

// One-shot hashing (Node ≥ 20.12) costs half of createHash().update().digest() on the hot path.
const oneShot = typeof crypto.hash === "function";

export function hashSecret(secret: string): string {
  return oneShot ? crypto.hash("sha256", secret, "hex") : crypto.createHash("sha256").update(secret).digest("hex");
}

/** Whether a string has the length of some secret: the cheapest pre-check before anything else. */
export function hasSecretLength(s: string): boolean {
  return s.length === 3 + RANDOM_LENGTH + CHECKSUM_LENGTH || s.length === 4 + RANDOM_LENGTH + CHECKSUM_LENGTH;
}

/** What lists show to recognise a key: the prefix and the first few random characters. */
export function displayStart(secret: string): string {
  const prefix = secret.startsWith("tpk_") ? 4 : 3;
  return secret.slice(0, prefix + 6);
}
