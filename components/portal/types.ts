// Shapes passed from server pages to the portal's client components (plain, serialisable data), and
// the signatures of the server actions they call. The console's Members tab uses the same components
// with its own actions; `target` is the tenant's slug in the portal and its id in the console.
import type { ActionResult } from "@/lib/forms/result";
import type { FormState } from "@/lib/forms/state";

export type RoleName = "owner" | "admin" | "member";

export interface MemberRowData {
  userId: string;
  email: string;
  role: RoleName;
  joinedAt: string;
}

export interface InvitationRowData {
  id: string;
  email: string;
  role: RoleName;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface CreatedInvite {
  link: string;
  email: string;
  delivery: "sent" | "kept" | "failed";
}

export interface MemberActions {
  invite: (prev: FormState<CreatedInvite>, fd: FormData) => Promise<FormState<CreatedInvite>>;
  changeRole: (input: { target: string; userId: string; role: RoleName }) => Promise<ActionResult>;
  remove: (input: { target: string; userId: string }) => Promise<ActionResult>;
  revoke: (input: { target: string; invitationId: string }) => Promise<ActionResult>;
}

export const ROLE_LABEL: Record<RoleName, string> = { owner: "Owner", admin: "Admin", member: "Member" };

export const ROLE_HELP: Record<RoleName, string> = {
  owner: "Everything, including members and billing",
  admin: "API keys, billing and settings",
  member: "Read usage and quota",
};
