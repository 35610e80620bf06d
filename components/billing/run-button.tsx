"use client";
import * as React from "react";
import type { ActionResult } from "@/lib/forms/result";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button, type ButtonProps } from "../ui/button";
import { Spinner } from "../ui/spinner";

export type RunResult<T = undefined> = ActionResult<{ data?: T }>;

/**
 * A button that runs one server action (sync now, sync the catalogue), says how it went in a toast and
 * under the button, and redraws the page with what changed. `render` shows a result's details.
 */
export function RunButton<T>({
  action,
  children,
  pendingLabel,
  render,
  ...props
}: Omit<ButtonProps, "onClick" | "action"> & {
  action: () => Promise<RunResult<T>>;
  pendingLabel: string;
  render?: (data: T) => React.ReactNode;
}) {
  const router = useRouter();
  const [pending, start] = React.useTransition();
  const [result, setResult] = React.useState<RunResult<T> | null>(null);
  const run = () =>
    start(async () => {
      try {
        const r = await action();
        setResult(r);
        if (r.ok) {
          toast.success(r.message);
          router.refresh();
        } else toast.error(r.message);
      } catch {
        setResult({ ok: false, message: "Something went wrong. Try again in a moment." });
        toast.error("Something went wrong. Try again in a moment.");
      }
    });
  return (
    <div className="grid justify-items-start gap-2">
      <Button {...props} onClick={run} disabled={pending || props.disabled} aria-busy={pending || undefined}>
        {pending ? <Spinner /> : null}
        {pending ? pendingLabel : children}
      </Button>
      {result && !result.ok ? (
        <p role="alert" className="text-sm text-destructive">
          {result.message}
        </p>
      ) : null}
      {result && result.ok && result.data !== undefined && render ? <div role="status">{render(result.data)}</div> : null}
    </div>
  );
}
