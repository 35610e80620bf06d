import type { Metadata } from "next";
import { portalCan } from "@/lib/auth/permissions";
import { listPendingInvitations } from "@/lib/invitations/service";
import { listMembers } from "@/lib/members/service";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/page-header";
import { InviteDialog } from "@/components/portal/invite-dialog";
import { MembersTable } from "@/components/portal/members-table";
import { PendingInvitations } from "@/components/portal/pending-invitations";
import { invitationRows, memberRows } from "@/components/portal/rows";
import { SuspendedNotice } from "@/components/portal/notices";
import { portalPage } from "../../../_lib/access";
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { principal, tenant } = await portalPage(slug, `/t/${slug}/members`, "tenant:members");
  // Staff viewing as reach this page read-only: portalCan gives them no "tenant:members".
  const canManage = portalCan(principal, "tenant:members", tenant.id) && tenant.status === "active";
  const [members, invitations] = await Promise.all([listMembers(tenant.id), listPendingInvitations(tenant.id)]);
  return (
    <>
      {tenant.status === "suspended" ? <SuspendedNotice /> : null}
      <PageHeader
        title="Members"
        description={`People who can sign in to ${tenant.name}'s portal, and what they may do.`}
        actions={canManage ? <InviteDialog target={tenant.slug} tenantName={tenant.name} invite={inviteMemberAction} /> : null}
      />
      <div className="grid gap-4 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Members</CardTitle>
              <CardDescription>Owners manage members; owners and admins manage billing, API keys and settings; members read usage and quota.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="p-0">
            <MembersTable
              target={tenant.slug}
              tenantName={tenant.name}
              members={memberRows(members)}
              currentUserId={principal.userId}
              canManage={canManage}
              actions={canManage ? { changeRole: changeRoleAction, remove: removeMemberAction } : undefined}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Pending invitations</CardTitle>
              <CardDescription>Links not yet used. Each works once and expires after 7 days.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="p-0">
            <PendingInvitations
              target={tenant.slug}
              canManage={canManage}
              revoke={canManage ? revokeInvitationAction : undefined}
              invitations={invitationRows(invitations)}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
