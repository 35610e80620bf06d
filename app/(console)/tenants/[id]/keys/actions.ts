"use server";
// The console's API keys tab: platform admins issue, revoke and rotate any tenant's keys. Each action
// checks the session and role itself (server actions are public POST endpoints); the lib audit-logs.
import { revalidatePath } from "next/cache";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { parseOrThrow } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/forms/state";
import { toResult } from "@/lib/forms/result";
import { issueTenantKey, revokeKey, rotateKey } from "@/lib/keys/service";
import { keyActionArgs, rotateActionArgs } from "@/lib/keys/schemas";
import { issueInputOf } from "@/components/keys/rows";
import type { IssuedSecret, KeyActionResult } from "@/components/keys/types";

export async function consoleIssueKeyAction(_prev: FormState<IssuedSecret>, fd: FormData): Promise<FormState<IssuedSecret>> {
  const { input, values } = issueInputOf(fd, true);
  try {
    const p = await requireConsoleAction("platform:write");
    const tenantId = String(fd.get("target") ?? "");
    const k = await issueTenantKey(tenantId, input, actorOf(p));
    revalidatePath(`/tenants/${tenantId}/keys`);
    return { ok: true, data: { name: k.name, key: k.key } };
  } catch (e) {
    return formErrorState(e, { values });
  }
}

export async function consoleRevokeKeyAction(input: unknown): Promise<KeyActionResult> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    const args = parseOrThrow(keyActionArgs, input, "The request is not valid.");
    await revokeKey(args.target, args.keyId, actorOf(p));
    revalidatePath(`/tenants/${args.target}/keys`);
    return { ok: true, message: "Key revoked." };
  });
}

export async function consoleRotateKeyAction(input: unknown): Promise<KeyActionResult> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    const args = parseOrThrow(rotateActionArgs, input, "The request is not valid.");
    const k = await rotateKey(args.target, args.keyId, { grace_seconds: args.graceSeconds }, actorOf(p));
    revalidatePath(`/tenants/${args.target}/keys`);
    return { ok: true, message: "Key rotated.", issued: { name: k.name, key: k.key } };
  });
}
