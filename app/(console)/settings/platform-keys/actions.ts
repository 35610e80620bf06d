"use server";
// Platform keys (`tpk_…`, for the control-plane REST API): issue and revoke from Settings. Platform
// admins only; each action checks the session and role itself, the lib audit-logs.
import { revalidatePath } from "next/cache";
import { actorOf, requireConsoleAction } from "@/lib/auth/session";
import { parseOrThrow } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/forms/state";
import { toResult } from "@/lib/forms/result";
import { issuePlatformKey, revokeKey, rotateKey } from "@/lib/keys/service";
import { keyActionArgs, rotateActionArgs } from "@/lib/keys/schemas";
import { issueInputOf } from "@/components/keys/rows";
import type { IssuedSecret, KeyActionResult } from "@/components/keys/types";

const PATH = "/settings/platform-keys";

export async function issuePlatformKeyAction(_prev: FormState<IssuedSecret>, fd: FormData): Promise<FormState<IssuedSecret>> {
  const { input, values } = issueInputOf(fd, false);
  try {
    const p = await requireConsoleAction("platform:write");
    const k = await issuePlatformKey(input, actorOf(p));
    revalidatePath(PATH);
    return { ok: true, data: { name: k.name, key: k.key } };
  } catch (e) {
    return formErrorState(e, { values });
  }
}

export async function revokePlatformKeyAction(input: unknown): Promise<KeyActionResult> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    const args = parseOrThrow(keyActionArgs, input, "The request is not valid.");
    await revokeKey(null, args.keyId, actorOf(p));
    revalidatePath(PATH);
    return { ok: true, message: "Platform key revoked." };
  });
}

export async function rotatePlatformKeyAction(input: unknown): Promise<KeyActionResult> {
  return toResult(async () => {
    const p = await requireConsoleAction("platform:write");
    const args = parseOrThrow(rotateActionArgs, input, "The request is not valid.");
    const k = await rotateKey(null, args.keyId, { grace_seconds: args.graceSeconds }, actorOf(p));
    revalidatePath(PATH);
    return { ok: true, message: "Platform key rotated.", issued: { name: k.name, key: k.key } };
  });
}
