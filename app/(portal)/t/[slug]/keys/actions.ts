"use server";
// The portal's API keys: owners and admins (`tenant:keys`) issue, revoke and rotate their own tenant's
// keys. Each action resolves the tenant from the slug and checks the membership itself (portalAction:
// another tenant → 404, staff viewing as → read-only refusal); the lib audit-logs.
import { revalidatePath } from "next/cache";
import { parseOrThrow } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/forms/state";
import { toResult } from "@/lib/forms/result";
import { issueTenantKey, revokeKey, rotateKey } from "@/lib/keys/service";
import { keyActionArgs, rotateActionArgs } from "@/lib/keys/schemas";
import { actorOf } from "@/lib/auth/session";
import { issueInputOf } from "@/components/keys/rows";
import type { IssuedSecret, KeyActionResult } from "@/components/keys/types";
import { portalAction } from "../../../_lib/access";

export async function issueKeyAction(_prev: FormState<IssuedSecret>, fd: FormData): Promise<FormState<IssuedSecret>> {
  const { input, values } = issueInputOf(fd, true);
  try {
    const { tenant, principal } = await portalAction(fd.get("target"), "tenant:keys");
    const k = await issueTenantKey(tenant.id, input, actorOf(principal));
    revalidatePath(`/t/${tenant.slug}/keys`);
    return { ok: true, data: { name: k.name, key: k.key } };
  } catch (e) {
    return formErrorState(e, { values });
  }
}

export async function revokeKeyAction(input: unknown): Promise<KeyActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(keyActionArgs, input, "The request is not valid.");
    const { tenant, principal } = await portalAction(args.target, "tenant:keys");
    await revokeKey(tenant.id, args.keyId, actorOf(principal));
    revalidatePath(`/t/${tenant.slug}/keys`);
    return { ok: true, message: "Key revoked." };
  });
}

export async function rotateKeyAction(input: unknown): Promise<KeyActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(rotateActionArgs, input, "The request is not valid.");
    const { tenant, principal } = await portalAction(args.target, "tenant:keys");
    const k = await rotateKey(tenant.id, args.keyId, { grace_seconds: args.graceSeconds }, actorOf(principal));
    revalidatePath(`/t/${tenant.slug}/keys`);
    return { ok: true, message: "Key rotated.", issued: { name: k.name, key: k.key } };
  });
}
