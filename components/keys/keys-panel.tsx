"use client";
import { Card } from "@/components/ui/card";
import { IssueKeyDialog } from "./issue-key-dialog";
import { KeysTable } from "./keys-table";
import type { KeyActions, KeyRowData } from "./types";

/**
 * A list of keys with "Issue key" above it. Without `actions` (a read-only viewer, staff viewing a
 * portal as) nothing mutating is drawn; the actions themselves refuse such callers too.
 */
export function KeysPanel({
  target,
  keys,
  actions,
  scopes,
  intro,
  issueTitle,
  noun,
}: {
  target: string;
  keys: KeyRowData[];
  actions?: KeyActions;
  /** The scopes a key can have; null for platform keys, which have none. */
  scopes: readonly string[] | null;
  intro?: React.ReactNode;
  issueTitle?: string;
  noun?: string;
}) {
  const issue = actions ? <IssueKeyDialog target={target} scopes={scopes} issue={actions.issue} title={issueTitle} /> : null;
  return (
    <div className="grid gap-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div className="text-sm text-muted-foreground">{intro}</div>
        {issue}
      </div>
      <Card>
        <KeysTable target={target} keys={keys} actions={actions} showScopes={scopes !== null} noun={noun} />
      </Card>
    </div>
  );
}

