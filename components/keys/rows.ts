// Server-side helpers shared by the console's and the portal's key actions and pages (no "use client":
// pages call these while rendering).
import type { KeyRowData } from "./types";

interface KeyViewLike {
  id: string;
  name: string;
  start: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export function toKeyRows(keys: KeyViewLike[]): KeyRowData[] {
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    start: k.start,
    scopes: k.scopes,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at,
    expiresAt: k.expires_at,
    revokedAt: k.revoked_at,
  }));
}

/**
 * The issue form → the API's input: checked scopes (none checked is sent as an empty list, so the
 * schema says "Choose at least one scope" instead of defaulting to all), and a date becomes the end of
 * that day in UTC. `values` is what the form gets back to keep what the user typed.
 */
export function issueInputOf(fd: FormData, withScopes: boolean): { input: Record<string, unknown>; values: Record<string, string> } {
  const name = String(fd.get("name") ?? "").trim();
  const day = String(fd.get("expires_on") ?? "").trim();
  const input: Record<string, unknown> = { name };
  const values: Record<string, string> = { name, expires_on: day };
  if (withScopes) {
    const scopes = fd.getAll("scopes").filter((s): s is string => typeof s === "string");
    input.scopes = scopes;
    values.scopes = scopes.join(",");
  }
  if (day) input.expires_at = /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:59Z` : day;
  return { input, values };
}
