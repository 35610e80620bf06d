"use client";
import * as React from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RelativeTime } from "@/components/relative-time";
import { ConfirmButton } from "@/components/confirm-button";
import { ROLE_LABEL, type InvitationRowData, type MemberActions } from "./types";

export function PendingInvitations({
  target,
  invitations,
  canManage,
  revoke,
}: {
  target: string;
  invitations: InvitationRowData[];
  canManage: boolean;
  revoke?: MemberActions["revoke"];
}) {
  if (invitations.length === 0) {
    return <p className="px-4 py-6 text-center text-sm text-muted-foreground">No pending invitations.</p>;
  }
  return (
    <Table>
      <TableHeader className="max-sm:hidden">
        <TableRow>
          <TableHead>Email</TableHead>
          <TableHead className="w-24">Role</TableHead>
          <TableHead className="w-40 max-sm:hidden">Invited by</TableHead>
          <TableHead className="w-32">Expires</TableHead>
          {canManage ? <TableHead className="w-20 text-right"><span className="sr-only">Actions</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {invitations.map((i) => (
          <TableRow key={i.id} className="max-sm:flex max-sm:flex-wrap max-sm:items-center">
            <TableCell className="truncate max-sm:basis-full max-sm:pb-0">{i.email}</TableCell>
            <TableCell>{ROLE_LABEL[i.role]}</TableCell>
            <TableCell className="truncate text-muted-foreground max-sm:hidden">{i.invitedBy ?? "—"}</TableCell>
            <TableCell>{i.expired ? <Badge tone="gray">Expired</Badge> : <RelativeTime value={i.expiresAt} className="text-muted-foreground" />}</TableCell>
            {canManage && revoke ? (
              <TableCell className="text-right max-sm:ml-auto">
                <ConfirmButton
                  label={`Revoke invitation for ${i.email}`}
                  triggerLabel="Revoke"
                  title={`Revoke the invitation for ${i.email}?`}
                  description="The link stops working at once. You can send a new invitation later."
                  confirmLabel="Revoke invitation"
                  onConfirm={async () => {
                    const r = await revoke({ target, invitationId: i.id });
                    if (r.ok) toast.success(r.message);
                    else toast.error(r.message);
                  }}
                />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
