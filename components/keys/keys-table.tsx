"use client";
import * as React from "react";
import { KeyRound } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EmptyState } from "@/components/empty-state";
import { RelativeTime } from "@/components/relative-time";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { RevokeKeyButton, RotateKeyButton } from "./key-row-actions";
import { OneTimeSecret } from "./one-time-secret";
import type { KeyActions, KeyRowData } from "./types";

function status(k: KeyRowData, now: number): { label: string; tone: "green" | "gray" | "red" | "amber" } {
  if (k.revokedAt) return { label: "Revoked", tone: "red" };
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= now) return { label: "Expired", tone: "gray" };
  if (k.expiresAt && new Date(k.expiresAt).getTime() - now < 7 * 24 * 3600 * 1000) return { label: "Expiring", tone: "amber" };
  return { label: "Active", tone: "green" };
}

/**
 * Every key with what identifies it (name, start, scopes) and its times; revoke and rotate when the
 * viewer may change keys (`actions`), nothing mutating otherwise.
 */
export function KeysTable({
  target,
  keys,
  actions,
  showScopes = true,
  emptyAction,
  noun = "API keys",
}: {
  target: string;
  keys: KeyRowData[];
  actions?: Pick<KeyActions, "revoke" | "rotate">;
  showScopes?: boolean;
  emptyAction?: React.ReactNode;
  /** What the empty state calls these keys ("API keys", "platform keys"). */
  noun?: string;
}) {
  // One clock for the render; statuses are re-derived on the next server render after a change.
  const [now] = React.useState(() => Date.now());
  // A rotated key's new secret, shown here rather than in its row: the row may leave the list.
  const [rotated, setRotated] = React.useState<{ name: string; key: string } | null>(null);
  const secretDialog = (
    <Dialog open={rotated !== null} onOpenChange={(o) => !o && setRotated(null)}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New secret for “{rotated?.name}”</DialogTitle>
          <DialogDescription>Replace the old secret wherever it is used.</DialogDescription>
        </DialogHeader>
        {rotated ? <OneTimeSecret value={rotated.key} label="New secret key" /> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Done</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
  if (keys.length === 0) {
    return (
      <>
        {secretDialog}
        <EmptyState icon={<KeyRound />} title={`No ${noun} yet`} description={actions ? "Issue a key to call the API." : "Nobody has issued a key yet."} action={emptyAction} />
      </>
    );
  }
  return (
    <>
    {secretDialog}
    <Table aria-label="API keys">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          {showScopes ? <TableHead className="hidden md:table-cell">Scopes</TableHead> : null}
          <TableHead className="hidden sm:table-cell">Created</TableHead>
          <TableHead className="hidden sm:table-cell">Last used</TableHead>
          <TableHead className="hidden md:table-cell">Expires</TableHead>
          <TableHead>Status</TableHead>
          {actions ? <TableHead className="text-right"><span className="sr-only">Actions</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => {
          const s = status(k, now);
          const expired = k.expiresAt && new Date(k.expiresAt).getTime() <= now;
          return (
            <TableRow key={k.id} aria-label={k.name}>
              <TableCell className="max-w-[16rem]">
                <div className="truncate font-medium">{k.name}</div>
                <div className="font-mono text-xs text-muted-foreground" aria-label={`Starts with ${k.start}`}>
                  {k.start}…
                </div>
              </TableCell>
              {showScopes ? (
                <TableCell className="hidden md:table-cell">
                  <div className="flex flex-wrap gap-1">
                    {k.scopes.map((sc) => (
                      <Badge key={sc} tone="blue" className="font-mono">
                        {sc}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
              ) : null}
              <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                <RelativeTime value={k.createdAt} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                {k.lastUsedAt ? <RelativeTime value={k.lastUsedAt} /> : "Never"}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                {!k.expiresAt ? "Never" : expired ? "Expired" : <RelativeTime value={k.expiresAt} />}
              </TableCell>
              <TableCell>
                <Badge tone={s.tone}>{s.label}</Badge>
              </TableCell>
              {actions ? (
                <TableCell className="text-right whitespace-nowrap">
                  {!k.revokedAt ? (
                    <div className="inline-flex gap-0.5">
                      {!expired ? <RotateKeyButton target={target} k={k} rotate={actions.rotate} onRotated={setRotated} /> : null}
                      <RevokeKeyButton target={target} k={k} revoke={actions.revoke} />
                    </div>
                  ) : null}
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
    </>
  );
}
