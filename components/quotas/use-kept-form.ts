"use client";
import * as React from "react";
import type { FormState } from "@/lib/forms/state";

/**
 * useActionState for forms that must keep what was typed after a refused submit. React resets a form
 * after its `action` runs, which also flips controlled checkboxes (the "Unlimited" switches) back to
 * their first value in the DOM while React's state says otherwise — so the next submit would send a
 * value the screen does not show. Dispatching from onSubmit instead skips that reset.
 */
export function useKeptForm<T>(action: (prev: FormState<T>, fd: FormData) => Promise<FormState<T>>, initial: FormState<T>) {
  const [state, dispatch, pending] = React.useActionState(action, initial);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    React.startTransition(() => dispatch(fd));
  };
  return { state, onSubmit, pending };
}
