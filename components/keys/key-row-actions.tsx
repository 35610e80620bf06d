"use client";
import * as React from "react";
import { RotateCw, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { ConfirmButton } from "@/components/confirm-button";
import { GRACE_OPTIONS, type KeyActions, type KeyRowData } from "./types";

export function RevokeKeyButton({ target, k, revoke }: { target: string; k: KeyRowData; revoke: KeyActions["revoke"] }) {
  return (
    <ConfirmButton
      label={`Revoke ${k.name}`}
      triggerLabel={
        <>
          <Trash2 aria-hidden="true" />
          <span className="hidden lg:inline">Revoke</span>
        </>
      }
      title={`Revoke “${k.name}”?`}
      description={
        <>
          Requests with this key (<span className="font-mono">{k.start}…</span>) fail immediately. This cannot be undone.
        </>
      }
      confirmLabel="Revoke key"
      onConfirm={async () => {
        const r = await revoke({ target, keyId: k.id });
        if (r.ok) toast.success(r.message);
        else toast.error(r.message);
      }}
    />
  );
}

/**
 * Rotate: choose how long the old secret keeps working. The new secret goes to `onRotated`, which
 * shows it from outside the row: without a grace period the old key's row leaves the list at once.
 */
export function RotateKeyButton({
  target,
  k,
  rotate,
  onRotated,
}: {
  target: string;
  k: KeyRowData;
  rotate: KeyActions["rotate"];
  onRotated: (issued: { name: string; key: string }) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const [grace, setGrace] = React.useState(0);
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setError(null);
          setGrace(0);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Rotate ${k.name}`} className="text-muted-foreground hover:text-foreground">
          <RotateCw aria-hidden="true" />
          <span className="hidden lg:inline">Rotate</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rotate “{k.name}”?</DialogTitle>
          <DialogDescription>
            A new secret with the same name, scopes and expiry replaces this one. Requests with the old secret fail once its grace period ends.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <label htmlFor={`grace-${k.id}`} className="text-sm font-medium">
            Old key keeps working for
          </label>
          <Select id={`grace-${k.id}`} value={String(grace)} onChange={(e) => setGrace(Number(e.target.value))}>
            {GRACE_OPTIONS.map((o) => (
              <option key={o.seconds} value={o.seconds}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>
        {error ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={() =>
              startTransition(async () => {
                const r = await rotate({ target, keyId: k.id, graceSeconds: grace });
                if (r.ok && r.issued) {
                  toast.success(r.message);
                  setOpen(false);
                  onRotated(r.issued);
                } else setError(r.message);
              })
            }
          >
            {pending ? <Spinner /> : null}
            Rotate key
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
