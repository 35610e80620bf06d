"use client";
import * as React from "react";
import { toast } from "sonner";
import type { FormState } from "@/lib/forms/state";
import { Button } from "./ui/button";
import { Spinner } from "./ui/spinner";

/** Toasts a save once the form's action has succeeded (its own message, or `fallback`). */
export function useSavedToast(state: FormState<never>, fallback: string) {
  React.useEffect(() => {
    if (state.ok) toast.success(state.message ?? fallback);
  }, [state, fallback]);
}

/**
 * The foot of an edit form that keeps its values (plans, prices): why nothing was saved — the form's
 * own message, or a pointer to the fields marked above — and the Save button.
 */
export function SaveFooter({ state, pending, label }: { state: FormState<never>; pending: boolean; label: string }) {
  const fieldErrors = state.ok ? 0 : Object.keys(state.fieldErrors).length;
  const message = state.ok ? null : fieldErrors > 0 ? "Nothing was saved: fix the fields marked above." : state.message || null;
  return (
    <>
      {message ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {message}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? <Spinner /> : null}
          {pending ? "Saving…" : label}
        </Button>
      </div>
    </>
  );
}
