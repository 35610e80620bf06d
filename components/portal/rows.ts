// What the members table and the pending-invitations list receive: lib's records with dates as ISO
// strings (client components take plain, serializable props). Shared by the console and the portal.
import type { InvitationView } from "@/lib/invitations/service";
import type { MemberView } from "@/lib/members/service";

export function memberRows(members: MemberView[]) {
  return members.map((m) => ({ userId: m.userId, email: m.email, role: m.role, joinedAt: m.joinedAt.toISOString() }));
}

export function invitationRows(invitations: InvitationView[]) {
  return invitations.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invitedBy,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    expired: i.expired,
  }));
}
