// Opaque, prefixed identifiers (`ten_…`, `usr_…`, `key_…`): 20 characters of lowercase base32, ~100 bits.
import crypto from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

export function randomBase32(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBase32(20)}`;
}

const ID_SHAPE = /^[a-z]{2,4}_[a-z2-7]{20}$/;

export function isWellFormedId(id: string, prefix: string): boolean {
  return id.startsWith(`${prefix}_`) && ID_SHAPE.test(id);
}
