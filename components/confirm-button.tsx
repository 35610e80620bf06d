"use client";
import * as React from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/**
 * An action behind a confirmation that names the consequence. While the action runs the dialog cannot
 * be dismissed; it closes when `onConfirm` resolves true and stays open (the caller has said why) on false.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  destructive = true,
  onConfirm,
}: {
  /** The button that opens the dialog. */
  trigger: React.ReactElement;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  onConfirm: () => Promise<boolean>;
}) {
  const [open, setOpen] = React.useState(false);
  const [pending, startTransition] = React.useTransition();
  return (
    <AlertDialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button
            variant={destructive ? "destructive" : "default"}
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={() =>
              startTransition(async () => {
                if (await onConfirm()) setOpen(false);
              })
            }
          >
            {pending ? <Spinner /> : null}
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** A row's destructive action (revoke, remove) behind a ConfirmDialog; the caller reports the outcome, and the dialog closes either way. */
export function ConfirmButton({
  label,
  triggerLabel,
  onConfirm,
  ...dialog
}: {
  label: string;
  triggerLabel: React.ReactNode;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  /** Shows its own outcome (a toast); the dialog closes either way. */
  onConfirm: () => Promise<void>;
}) {
  return (
    <ConfirmDialog
      {...dialog}
      trigger={
        <Button variant="ghost" size="sm" aria-label={label} className="text-muted-foreground hover:text-destructive">
          {triggerLabel}
        </Button>
      }
      onConfirm={async () => {
        await onConfirm();
        return true;
      }}
    />
  );
}

/**
 * A confirmation that is a small form of its own (choose a plan, type the slug): the caller owns the
 * open state (to reset its fields on close) and the pending state; the dialog cannot be dismissed
 * while the action runs, and Enter confirms only when `canConfirm`.
 */
export function FormConfirmDialog({
  open,
  onOpenChange,
  pending,
  trigger,
  title,
  description,
  confirmLabel,
  destructive = false,
  canConfirm = true,
  onConfirm,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  trigger: React.ReactElement;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  canConfirm?: boolean;
  onConfirm: () => void;
  children: React.ReactNode;
}) {
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (canConfirm && !pending) onConfirm();
  };
  return (
    <AlertDialog open={open} onOpenChange={(o) => !pending && onOpenChange(o)}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <AlertDialogHeader>
            <AlertDialogTitle>{title}</AlertDialogTitle>
            <AlertDialogDescription>{description}</AlertDialogDescription>
          </AlertDialogHeader>
          {children}
          <AlertDialogFooter>
            <AlertDialogCancel type="button" disabled={pending}>
              Cancel
            </AlertDialogCancel>
            <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={!canConfirm || pending} aria-busy={pending || undefined}>
              {pending ? <Spinner /> : null}
              {confirmLabel}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
