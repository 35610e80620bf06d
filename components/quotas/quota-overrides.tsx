"use client";
import * as React from "react";
import { Pencil } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { QUOTA_LABELS, QuotaValue } from "@/components/quotas";
import { initialFormState, type FormState } from "@/lib/forms/state";
import { QuotaInput } from "./quota-input";
import { useKeptForm } from "./use-kept-form";
import { UsageBar } from "./usage-bar";
import type { OverrideActions, QuotaRowData } from "./types";

function OverrideEditor({ target, row, actions, onDone }: { target: string; row: QuotaRowData; actions: OverrideActions; onDone: () => void }) {
  const { state, onSubmit, pending } = useKeptForm(actions.set, initialFormState);
  const [clearing, startClear] = React.useTransition();
  const label = QUOTA_LABELS[row.key] ?? row.key;
  React.useEffect(() => {
    if (state.ok) {
      toast.success(state.message ?? "Override saved.");
      onDone();
    }
  }, [state, onDone]);
  const error = state.ok ? undefined : state.fieldErrors.value ?? (state.message || undefined);
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:flex sm:flex-wrap sm:items-end" noValidate aria-label={`Override for ${label}`}>
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="quota" value={row.key} />
      <QuotaInput id={`override-${row.key}`} name="value" quota={row.key} label={`Override for ${label}`} value={row.override === undefined ? row.effective : row.override} error={error} />
      <div className="flex flex-wrap gap-2 sm:pb-px">
        <Button type="submit" size="sm" disabled={pending} aria-busy={pending || undefined}>
          {pending ? <Spinner /> : null}
          {pending ? "Saving…" : "Save override"}
        </Button>
        {row.override !== undefined ? (
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={clearing}
            onClick={() =>
              startClear(async () => {
                const r = await actions.clear({ target, quota: row.key });
                if (r.ok) {
                  toast.success(r.message);
                  onDone();
                } else toast.error(r.message);
              })
            }
          >
            {clearing ? <Spinner /> : null}
            Clear override
          </Button>
        ) : null}
        <Button type="button" variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/**
 * Each quota: the plan's value, the tenant's override (edited inline), the effective value that
 * applies, and usage this period. Without `actions` the table is read-only.
 */
export function QuotaOverridesTable({ target, rows, actions }: { target: string; rows: QuotaRowData[]; actions?: OverrideActions }) {
  const [editing, setEditing] = React.useState<string | null>(null);
  const done = React.useCallback(() => setEditing(null), []);
  const cols = actions ? 6 : 5;
  return (
    <Table aria-label="Quotas">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Quota</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Plan</TableHead>
          <TableHead className="text-right">Override</TableHead>
          <TableHead className="text-right">Effective</TableHead>
          <TableHead className="hidden md:table-cell">This period</TableHead>
          {actions ? <TableHead className="text-right"><span className="sr-only">Actions</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => {
          const label = QUOTA_LABELS[r.key] ?? r.key;
          return (
            <React.Fragment key={r.key}>
              <TableRow aria-label={label}>
                <TableCell className="font-medium">{label}</TableCell>
                <TableCell className="hidden text-right whitespace-nowrap text-muted-foreground sm:table-cell">
                  <QuotaValue name={r.key} value={r.plan} />
                </TableCell>
                <TableCell className="text-right whitespace-nowrap">
                  {r.override === undefined ? <span className="text-muted-foreground">—</span> : <QuotaValue name={r.key} value={r.override} />}
                </TableCell>
                <TableCell className="text-right whitespace-nowrap" aria-label={`Effective ${label}`}>
                  <span className={r.override !== undefined ? "rounded bg-primary/10 px-1.5 py-0.5 font-semibold text-primary" : "font-semibold"}>
                    <QuotaValue name={r.key} value={r.effective} />
                  </span>
                  {r.override !== undefined ? (
                    <Badge tone="violet" className="ml-2 hidden lg:inline-flex">
                      override
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  {r.used === null ? <span className="text-xs text-muted-foreground">per second, not metered</span> : <UsageBar quota={r.key} used={r.used} limit={r.effective} />}
                </TableCell>
                {actions ? (
                  <TableCell className="text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Edit override for ${label}`}
                      aria-expanded={editing === r.key}
                      onClick={() => setEditing(editing === r.key ? null : r.key)}
                    >
                      <Pencil aria-hidden="true" />
                      <span className="hidden lg:inline">Override</span>
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
              {actions && editing === r.key ? (
                <TableRow className="bg-muted/30 hover:bg-muted/30">
                  <TableCell colSpan={cols} className="py-3">
                    <OverrideEditor target={target} row={r} actions={actions} onDone={done} />
                  </TableCell>
                </TableRow>
              ) : null}
            </React.Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
