"use client";
import * as React from "react";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { FormDialog } from "@/components/form-dialog";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState } from "@/lib/forms/state";
import { OneTimeSecret } from "./one-time-secret";
import { SCOPE_HELP, type IssuedSecret, type KeyActions } from "./types";

function IssueForm({ target, scopes, issue }: { target: string; scopes: readonly string[] | null; issue: KeyActions["issue"] }) {
  const [state, action] = React.useActionState(issue, initialFormState);
  React.useEffect(() => {
    if (state.ok) toast.success(`Key “${state.data?.name}” issued`);
  }, [state]);
  if (state.ok && state.data) {
    return (
      <div className="grid gap-4">
        <OneTimeSecret value={state.data.key} />
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Done</Button>
          </DialogClose>
        </DialogFooter>
      </div>
    );
  }
  const err = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  const chosen = values.scopes !== undefined ? values.scopes.split(",").filter(Boolean) : scopes;
  // Tomorrow, so the date picker can't offer a day that has already started.
  const min = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  const known = new Set(["name", "scopes", "expires_at"]);
  const other = Object.entries(err).find(([k]) => !known.has(k.split(".")[0]));
  return (
    <form action={action} className="grid gap-4" noValidate>
      <input type="hidden" name="target" value={target} />
      <FormField id="key-name" label="Name" help="What uses this key, e.g. “Production backend”." error={err.name}>
        <Input name="name" autoComplete="off" defaultValue={values.name} autoFocus required maxLength={100} />
      </FormField>
      {scopes ? (
        <fieldset className="grid gap-1.5" aria-describedby={err.scopes ? "key-scopes-error" : undefined}>
          <legend className="mb-1.5 text-sm font-medium">Scopes</legend>
          {scopes.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={s} defaultChecked={chosen?.includes(s) ?? true} className="size-4 accent-primary" />
              <span className="font-mono text-xs">{s}</span>
              <span className="text-muted-foreground">— {SCOPE_HELP[s] ?? s}</span>
            </label>
          ))}
          {err.scopes ? (
            <p id="key-scopes-error" className="text-xs font-medium text-destructive">
              {err.scopes}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <FormField id="key-expires" label="Expires on" optional help="Leave empty for a key that never expires. It stops at the end of that day (UTC)." error={err.expires_at}>
        <Input name="expires_on" type="date" min={min} defaultValue={values.expires_on} className="w-fit" />
      </FormField>
      {!state.ok && state.message && (other || Object.keys(err).length === 0) ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {other ? other[1] : state.message}
        </p>
      ) : null}
      <DialogFooter>
        <SubmitButton pendingLabel="Issuing…">Issue key</SubmitButton>
      </DialogFooter>
    </form>
  );
}

/** "Issue key": name, scopes (tenant keys), expiry; then the secret, once. Reopening starts afresh. */
export function IssueKeyDialog({ target, scopes, issue, title = "Issue API key" }: { target: string; scopes: readonly string[] | null; issue: KeyActions["issue"]; title?: string }) {
  return (
    <FormDialog
      trigger={
        <Button>
          <Plus aria-hidden="true" />
          Issue key
        </Button>
      }
      title={title}
      description="The secret is shown once, right after you issue the key."
    >
      <IssueForm target={target} scopes={scopes} issue={issue} />
    </FormDialog>
  );
}
