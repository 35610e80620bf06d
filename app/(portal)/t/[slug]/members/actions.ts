"use server";
// The portal's member actions. Each resolves the tenant from the slug it is given and checks the
// caller's membership and role itself (portalAction) before calling lib/.
import { revalidatePath } from "next/cache";
import { formErrorState, formValues, type FormState } from "@/lib/forms/state";
import { parseOrThrow } from "@/lib/errors";
import { createInvitation, publicBaseUrl, revokeInvitation } from "@/lib/invitations/service";
import { changeMemberRole, removeMember } from "@/lib/members/service";
import { changeRoleArgs, removeMemberArgs, revokeInvitationArgs } from "@/lib/members/schemas";
import { toResult, type ActionResult } from "@/lib/forms/result";
import { ROLE_LABEL, type CreatedInvite } from "@/components/portal/types";
import { portalAction, requestOrigin } from "../../../_lib/access";

export async function inviteMemberAction(_prev: FormState<CreatedInvite>, fd: FormData): Promise<FormState<CreatedInvite>> {
  const values = formValues(fd, ["email", "role"]);
  try {
    const { tenant, ctx } = await portalAction(fd.get("target"), "tenant:members");
    const r = await createInvitation(ctx, tenant.id, values, { baseUrl: publicBaseUrl(await requestOrigin()) });
    revalidatePath(`/t/${tenant.slug}/members`);
    return { ok: true, data: { link: r.link, email: r.invitation.email, delivery: r.delivery } };
  } catch (e) {
    return formErrorState(e, { values });
  }
}

export async function changeRoleAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(changeRoleArgs, input, "The request is not valid.");
    const { tenant, ctx } = await portalAction(args.target, "tenant:members");
    const m = await changeMemberRole(ctx, tenant.id, args.userId, args.role);
    revalidatePath(`/t/${tenant.slug}`, "layout");
    return `${m.email} is now ${ROLE_LABEL[m.role].toLowerCase()}.`;
  });
}

export async function removeMemberAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(removeMemberArgs, input, "The request is not valid.");
    const { tenant, ctx } = await portalAction(args.target, "tenant:members");
    await removeMember(ctx, tenant.id, args.userId);
    revalidatePath(`/t/${tenant.slug}`, "layout");
    return "Member removed.";
  });
}

export async function revokeInvitationAction(input: unknown): Promise<ActionResult> {
  return toResult(async () => {
    const args = parseOrThrow(revokeInvitationArgs, input, "The request is not valid.");
    const { tenant, ctx } = await portalAction(args.target, "tenant:members");
    await revokeInvitation(ctx, tenant.id, args.invitationId);
    revalidatePath(`/t/${tenant.slug}/members`);
    return "Invitation revoked.";
  });
}
