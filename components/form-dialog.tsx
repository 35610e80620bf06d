"use client";
import * as React from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/**
 * A dialog that holds a form: its trigger, title and description around `children(close)`. The form
 * is mounted afresh each time the dialog closes, so reopening never shows the last attempt's errors.
 */
export function FormDialog({
  trigger,
  title,
  description,
  className,
  children,
}: {
  trigger: React.ReactElement;
  title: React.ReactNode;
  description: React.ReactNode;
  className?: string;
  children: (close: () => void) => React.ReactNode;
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
        <React.Fragment key={round}>{children(close)}</React.Fragment>
      </DialogContent>
    </Dialog>
  );
}
