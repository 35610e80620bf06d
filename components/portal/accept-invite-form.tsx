"use client";
import * as React from "react";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState, type FormState } from "@/lib/forms/state";

type Action = (prev: FormState<never>, fd: FormData) => Promise<FormState<never>>;

/** New account: choose a password (twice). Existing account: one button that accepts. */
export function AcceptInviteForm({ token, email, accountExists, action }: { token: string; email: string; accountExists: boolean; action: Action }) {
  const [state, formAction] = React.useActionState(action, initialFormState);
  const err = state.ok ? {} : state.fieldErrors;
  const formError = !state.ok && state.message && !err.password && !err.confirm ? state.message : null;
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {accountExists ? (
        <p className="text-sm text-muted-foreground">
          <strong className="text-foreground">{email}</strong> already has an account. Accept, then sign in with your existing password.
        </p>
      ) : (
        <>
          <FormField id="invite-account-email" label="Email">
            <Input value={email} readOnly disabled autoComplete="username" />
          </FormField>
          <FormField id="invite-password" label="Password" help="At least 10 characters." error={err.password}>
            <Input name="password" type="password" autoComplete="new-password" required autoFocus />
          </FormField>
          <FormField id="invite-confirm" label="Confirm password" error={err.confirm}>
            <Input name="confirm" type="password" autoComplete="new-password" required />
          </FormField>
        </>
      )}
      {formError ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {formError}
        </p>
      ) : null}
      <SubmitButton className="w-full" pendingLabel="Accepting…">
        {accountExists ? "Accept and sign in" : "Set password and join"}
      </SubmitButton>
    </form>
  );
}
