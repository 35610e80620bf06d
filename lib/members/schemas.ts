// Arguments of the member-management server actions, as they arrive from the client (untrusted).
// `target` names the tenant: its slug in the portal, its id in the console; the action resolves it
// and checks the caller's access itself.
import { z } from "zod";
import { roleSchema } from "../invitations/schemas";

const target = z.string().min(1).max(100);
const id = z.string().min(1).max(64);

export const changeRoleArgs = z.object({ target, userId: id, role: roleSchema });
export const removeMemberArgs = z.object({ target, userId: id });
export const revokeInvitationArgs = z.object({ target, invitationId: id });
export const renameArgs = z.object({ target, name: z.unknown() });
