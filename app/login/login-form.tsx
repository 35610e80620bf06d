"use client";
import * as React from "react";
import { useActionState } from "react";
import { AlertCircle } from "lucide-react";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState, type FormState } from "@/lib/forms/state";
import { signInAction } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<FormState<never>, FormData>(signInAction, initialFormState);
  const failed = !state.ok ? state : null;
  return (
    <form action={action} aria-label="Sign in" className="grid gap-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {failed?.message ? (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          <AlertCircle className="mt-px size-4 shrink-0" aria-hidden="true" />
          {failed.message}
        </div>
      ) : null}
      <FormField id="email" label="Email" error={failed?.fieldErrors.email}>
        <Input name="email" type="email" autoComplete="username" autoFocus required defaultValue={failed?.values?.email ?? ""} />
      </FormField>
      <FormField id="password" label="Password" error={failed?.fieldErrors.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </FormField>
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
