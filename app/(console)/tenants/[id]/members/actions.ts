"use server";
// The console's Members tab: platform admins manage any tenant's members. Same lib functions as the
// portal, through the console's permission (`via: "console"`).
import { revalidatePath } from "next/cache";
import { requireConsoleAction } from "@/lib/auth/session";
import { parseOrThrow } from "@/lib/errors";
import { formErrorState, formValues, type FormState } from "@/lib/forms/state";
import { createInvitation, publicBaseUrl, revokeInvitation } from "@/lib/invitations/service";
import { changeMemberRole, removeMember } from "@/lib/members/service";
import { changeRoleArgs, removeMemberArgs, revokeInvitationArgs } from "@/lib/members/schemas";
import { getTenant } from "@/lib/tenants/service";
import type { MemberContext } from "@/lib/members/access";
import { toResult, type ActionResult } from "@/lib/forms/result";
import { ROLE_LABEL, type CreatedInvite } from "@/components/portal/types";
import { requestOrigin } from "@/app/(portal)/_lib/access";

async function consoleContext(target: unknown): Promise<{ ctx: MemberContext; tenantId: string }> {
  const principal = await requireConsoleAction("platform:write");
  const tenant = await getTenant(typeof target === "string" ? target : "");
  return { ctx: { principal, via: "console" }, tenantId: tenant.id };
}

export async function consoleInviteAction(_prev: FormState<CreatedInvite>, fd: FormData): Promise<FormState<CreatedInvite>> {
  const values = formValues(fd, ["email", "role"]);
  try {
    const { ctx, tenantId } = await consoleContext(fd.get("target"));
    const r = await createInvitation(ctx, tenantId, values, { baseUrl: publicBaseUrl(await requestOrigin()) });
    revalidatePath(`/tenants/${tenantId}/members`);
    return { ok: true, data: { link: r.link, email: r.invitation.email, delivery: r.delivery } };
  } catch (e) {
    return formErrorState(e, { values });
  }
}

export async function consoleChangeRoleAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(changeRoleArgs, input, "The request is not valid.");
    const { ctx, tenantId } = await consoleContext(args.target);
    const m = await changeMemberRole(ctx, tenantId, args.userId, args.role);
    revalidatePath(`/tenants/${tenantId}/members`);
    return `${m.email} is now ${ROLE_LABEL[m.role].toLowerCase()}.`;
  });
}

export async function consoleRemoveMemberAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(removeMemberArgs, input, "The request is not valid.");
    const { ctx, tenantId } = await consoleContext(args.target);
    await removeMember(ctx, tenantId, args.userId);
    revalidatePath(`/tenants/${tenantId}/members`);
    return "Member removed.";
  });
}

export async function consoleRevokeInvitationAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(revokeInvitationArgs, input, "The request is not valid.");
    const { ctx, tenantId } = await consoleContext(args.target);
    await revokeInvitation(ctx, tenantId, args.invitationId);
    revalidatePath(`/tenants/${tenantId}/members`);
    return "Invitation revoked.";
  });
}
