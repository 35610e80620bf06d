"use client";
import * as React from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RelativeTime } from "@/components/relative-time";
import { ConfirmButton } from "@/components/confirm-button";
import type { ActionResult } from "@/lib/forms/result";
import { ROLE_LABEL, type MemberActions, type MemberRowData, type RoleName } from "./types";

/**
 * Members with their roles. With `canManage`, the role is a select that saves on change and each row
 * has Remove (confirmed). A refusal (e.g. the last owner) is shown under the table and as a toast, and
 * the select snaps back to the role that is actually stored.
 */
export function MembersTable({
  target,
  tenantName,
  members,
  currentUserId,
  canManage,
  actions,
}: {
  target: string;
  tenantName: string;
  members: MemberRowData[];
  currentUserId: string;
  canManage: boolean;
  actions?: Pick<MemberActions, "changeRole" | "remove">;
}) {
  const [error, setError] = React.useState<string | null>(null);
  const [pendingUser, setPendingUser] = React.useState<string | null>(null);
  const [, startTransition] = React.useTransition();
  // Optimistic role while a change is in flight; cleared once the server's answer (and data) arrive.
  const [draft, setDraft] = React.useState<Record<string, RoleName>>({});

  function report(r: ActionResult) {
    if (r.ok) {
      setError(null);
      toast.success(r.message);
    } else {
      setError(r.message);
      toast.error(r.message);
    }
  }

  function changeRole(m: MemberRowData, role: RoleName) {
    if (!actions) return;
    setDraft((d) => ({ ...d, [m.userId]: role }));
    setPendingUser(m.userId);
    startTransition(async () => {
      const r = await actions.changeRole({ target, userId: m.userId, role });
      report(r);
      setDraft((d) => {
        const { [m.userId]: _, ...rest } = d;
        return rest;
      });
      setPendingUser(null);
    });
  }

  return (
    <div className="grid gap-2">
      <Table>
        <TableHeader className="max-sm:hidden">
          <TableRow>
            <TableHead>Member</TableHead>
            <TableHead className="w-44">Role</TableHead>
            <TableHead className="w-32 max-sm:hidden">Joined</TableHead>
            {canManage ? <TableHead className="w-20 text-right"><span className="sr-only">Actions</span></TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((m) => {
            const role = draft[m.userId] ?? m.role;
            return (
              // On phones a row wraps: the email on its own line, role and actions beneath it.
              <TableRow key={m.userId} className="max-sm:flex max-sm:flex-wrap max-sm:items-center">
                <TableCell className="max-sm:basis-full max-sm:pb-0">
                  <div className="flex min-w-0 items-center gap-2">
                    <span className="truncate">{m.email}</span>
                    {m.userId === currentUserId ? <Badge>You</Badge> : null}
                  </div>
                </TableCell>
                <TableCell>
                  {canManage ? (
                    <Select
                      aria-label={`Role of ${m.email}`}
                      value={role}
                      disabled={pendingUser === m.userId}
                      onChange={(e) => changeRole(m, e.currentTarget.value as RoleName)}
                      className="w-36"
                    >
                      {(["owner", "admin", "member"] as RoleName[]).map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    <Badge tone={m.role === "owner" ? "violet" : m.role === "admin" ? "blue" : "neutral"}>{ROLE_LABEL[m.role]}</Badge>
                  )}
                </TableCell>
                <TableCell className="text-muted-foreground max-sm:hidden">
                  <RelativeTime value={m.joinedAt} />
                </TableCell>
                {canManage && actions ? (
                  <TableCell className="text-right max-sm:ml-auto">
                    <ConfirmButton
                      label={`Remove ${m.email}`}
                      triggerLabel="Remove"
                      title={`Remove ${m.email}?`}
                      description={`They lose access to ${tenantName} at once. You can invite them again later.`}
                      confirmLabel="Remove member"
                      onConfirm={async () => {
                        const r = await actions.remove({ target, userId: m.userId });
                        report(r);
                      }}
                    />
                  </TableCell>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {error ? (
        <p role="alert" className="px-3 text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
