import type { Metadata } from "next";
import Link from "next/link";
import { ExternalLink } from "lucide-react";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { listPendingInvitations } from "@/lib/invitations/service";
import { listMembers } from "@/lib/members/service";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/empty-state";
import { InviteDialog } from "@/components/portal/invite-dialog";
import { MembersTable } from "@/components/portal/members-table";
import { PendingInvitations } from "@/components/portal/pending-invitations";
import { invitationRows, memberRows } from "@/components/portal/rows";
import { loadTenant } from "../load";
import { consoleChangeRoleAction, consoleInviteAction, consoleRemoveMemberAction, consoleRevokeInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function TenantMembersTab({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const p = await requireConsolePage("platform:read", `/tenants/${id}/members`);
  const tenant = await loadTenant(id);
  const canManage = can(p, "platform:write") && tenant.status !== "deleted";
  const [members, invitations] = await Promise.all([listMembers(tenant.id), listPendingInvitations(tenant.id)]);
  return (
    <div className="grid gap-4 [&>*]:min-w-0">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          {members.length} member{members.length === 1 ? "" : "s"} can sign in to {tenant.name}&apos;s portal.
        </p>
        <div className="flex gap-2">
          {tenant.status !== "deleted" ? (
            <Button asChild variant="outline">
              <Link href={`/t/${tenant.slug}`}>
                <ExternalLink aria-hidden="true" />
                View portal
              </Link>
            </Button>
          ) : null}
          {canManage ? <InviteDialog target={tenant.id} tenantName={tenant.name} invite={consoleInviteAction} /> : null}
        </div>
      </div>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Members</CardTitle>
            <CardDescription>A tenant always keeps at least one owner.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="p-0">
          {members.length === 0 ? (
            <EmptyState title="No members yet" description="Invite the tenant's first owner: they manage everyone else from the portal." />
          ) : (
            <MembersTable
              target={tenant.id}
              tenantName={tenant.name}
              members={memberRows(members)}
              currentUserId={p.userId}
              canManage={canManage}
              actions={canManage ? { changeRole: consoleChangeRoleAction, remove: consoleRemoveMemberAction } : undefined}
            />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Pending invitations</CardTitle>
        </CardHeader>
        <CardContent className="p-0">
          <PendingInvitations
            target={tenant.id}
            canManage={canManage}
            revoke={canManage ? consoleRevokeInvitationAction : undefined}
            invitations={invitationRows(invitations)}
          />
        </CardContent>
      </Card>
    </div>
  );
}
