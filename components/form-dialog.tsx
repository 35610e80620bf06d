"use client";
import * as React from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/**
 * A dialog holding a form that starts afresh each time it is opened: the form (and its action state —
 * errors, the one-time secret or link it showed) is remounted after the dialog closes. `children` may
 * be a function of `close`, for a form that closes the dialog itself once it succeeds.
 */
export function FormDialog({
  trigger,
  title,
  description,
  className,
  children,
}: {
  /** The button that opens the dialog. */
  trigger: React.ReactElement;
  title: React.ReactNode;
  description: React.ReactNode;
  className?: string;
  children: React.ReactNode | ((close: () => void) => React.ReactNode);
}) {
  const [open, setOpen] = React.useState(false);
  const [round, setRound] = React.useState(0);
  const change = React.useCallback((o: boolean) => {
    setOpen(o);
    if (!o) setRound((r) => r + 1);
  }, []);
  const close = React.useCallback(() => change(false), [change]);
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className={className}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <React.Fragment key={round}>{typeof children === "function" ? children(close) : children}</React.Fragment>
      </DialogContent>
    </Dialog>
  );
}
