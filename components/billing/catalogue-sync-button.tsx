"use client";
import { RefreshCw } from "lucide-react";
import type { SyncReport } from "@/lib/billing/types";
import { RunButton, type RunResult } from "./run-button";
import { SyncReportView } from "./sync-report";

/** "Sync catalogue", with the sync's report shown under the button when it is done. */
export function CatalogueSyncButton({ action }: { action: () => Promise<RunResult<SyncReport>> }) {
  return (
    <RunButton action={action} pendingLabel="Syncing catalogue…" render={(report) => <SyncReportView report={report} />}>
      <RefreshCw aria-hidden="true" />
      Sync catalogue
    </RunButton>
  );
}
