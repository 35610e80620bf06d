"use client";
import * as React from "react";
import { toast } from "sonner";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState, type FormState } from "@/lib/forms/state";

/** The tenant's display name. Read-only (disabled) for roles or sessions that may not change it. */
export function RenameForm({
  target,
  name,
  canEdit,
  action,
}: {
  target: string;
  name: string;
  canEdit: boolean;
  action?: (prev: FormState<never>, fd: FormData) => Promise<FormState<never>>;
}) {
  const [state, formAction] = React.useActionState(action ?? (async () => initialFormState), initialFormState);
  React.useEffect(() => {
    if (state.ok) toast.success(state.message ?? "Saved.");
  }, [state]);
  const err = state.ok ? {} : state.fieldErrors;
  return (
    <form action={formAction} className="grid max-w-md gap-4" noValidate>
      <input type="hidden" name="target" value={target} />
      <FormField id="tenant-name" label="Tenant name" help="Shown to members in the portal and to platform admins in the console." error={err.name}>
        <Input name="name" defaultValue={state.ok || !state.values?.name ? name : state.values.name} disabled={!canEdit} maxLength={100} required />
      </FormField>
      {!state.ok && state.message && !err.name ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {state.message}
        </p>
      ) : null}
      {canEdit ? (
        <div>
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        </div>
      ) : null}
    </form>
  );
}
