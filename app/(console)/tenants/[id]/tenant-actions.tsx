"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Pause, Play, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
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
import { deleteTenantAction, resumeTenantAction, suspendTenantAction, type LifecycleResult } from "../actions";

interface Props {
  id: string;
  name: string;
  slug: string;
  status: string;
}

/** Runs a lifecycle action, reports it in a toast, and redraws the page with the new state. */
function useLifecycle() {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();
  const run = (call: () => Promise<LifecycleResult>, done: () => void) =>
    startTransition(async () => {
      try {
        const r = await call();
        if (r.ok) {
          toast.success(r.message);
          done();
          router.refresh();
        } else {
          toast.error(r.message);
        }
      } catch {
        toast.error("Something went wrong. Try again in a moment.");
      }
    });
  return { pending, run };
}

export function TenantActions({ id, name, slug, status }: Props) {
  if (status === "deleted") return null;
  return (
    <>
      {status === "active" ? <SuspendButton id={id} name={name} /> : null}
      {status === "suspended" ? <ResumeButton id={id} name={name} /> : null}
      <DeleteButton id={id} name={name} slug={slug} />
    </>
  );
}

function SuspendButton({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = React.useState(false);
  const { pending, run } = useLifecycle();
  return (
    <AlertDialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
      <AlertDialogTrigger asChild>
        <Button variant="outline">
          <Pause aria-hidden="true" />
          Suspend
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Suspend {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its API keys stop working and its members lose access until resumed. Its data is kept as it is.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={pending} onClick={() => run(() => suspendTenantAction(id), () => setOpen(false))}>
            {pending ? <Spinner /> : null}
            Suspend tenant
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function ResumeButton({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = React.useState(false);
  const { pending, run } = useLifecycle();
  return (
    <AlertDialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
      <AlertDialogTrigger asChild>
        <Button variant="outline">
          <Play aria-hidden="true" />
          Resume
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Resume {name}?</AlertDialogTitle>
          <AlertDialogDescription>Its API keys work again and its members regain access.</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button disabled={pending} onClick={() => run(() => resumeTenantAction(id), () => setOpen(false))}>
            {pending ? <Spinner /> : null}
            Resume tenant
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function DeleteButton({ id, name, slug }: { id: string; name: string; slug: string }) {
  const [open, setOpen] = React.useState(false);
  const [typed, setTyped] = React.useState("");
  const { pending, run } = useLifecycle();
  const matches = typed.trim() === slug;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (matches && !pending) run(() => deleteTenantAction(id, typed.trim()), () => setOpen(false));
  };
  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        if (pending) return;
        setOpen(o);
        if (!o) setTyped("");
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden="true" />
          Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {name}?</AlertDialogTitle>
            <AlertDialogDescription>
              The tenant stops working at once: its API keys are refused and its members lose access. Its data is kept for the grace
              period, then purged for good.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="confirm-slug">
              Type <span className="font-mono font-semibold">{slug}</span> to confirm
            </Label>
            <Input
              id="confirm-slug"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              autoFocus
            />
          </div>
          <AlertDialogFooter>
            <AlertDialogCancel type="button" disabled={pending}>
              Cancel
            </AlertDialogCancel>
            <Button type="submit" variant="destructive" disabled={!matches || pending}>
              {pending ? <Spinner /> : null}
              Delete tenant
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
