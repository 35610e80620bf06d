"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ArrowUpDown, Pause, Play, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
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
import { changePlanAction, deleteTenantAction, resumeTenantAction, suspendTenantAction, type LifecycleResult } from "../actions";

interface Props {
  id: string;
  name: string;
  slug: string;
  status: string;
  plan: string;
  plans: { id: string; name: string }[];
  /** Billing is on: the dialog says the Stripe subscription moves too. */
  billing: boolean;
}

/** Runs a lifecycle action, reports it in a toast, and redraws the page with the new state. */
function useLifecycle() {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();
  const run = (call: () => Promise<LifecycleResult>, done: () => void, failed?: (message: string) => void) =>
    startTransition(async () => {
      try {
        const r = await call();
        if (r.ok) {
          toast.success(r.message);
          done();
          router.refresh();
        } else {
          toast.error(r.message);
          failed?.(r.message);
        }
      } catch {
        toast.error("Something went wrong. Try again in a moment.");
      }
    });
  return { pending, run };
}

export function TenantActions({ id, name, slug, status, plan, plans, billing }: Props) {
  if (status === "deleted") return null;
  return (
    <>
      {status === "active" || status === "suspended" ? <ChangePlanButton id={id} name={name} plan={plan} plans={plans} billing={billing} /> : null}
      {status === "active" ? <SuspendButton id={id} name={name} /> : null}
      {status === "suspended" ? <ResumeButton id={id} name={name} /> : null}
      <DeleteButton id={id} name={name} slug={slug} />
    </>
  );
}

function ChangePlanButton({ id, name, plan, plans, billing }: Pick<Props, "id" | "name" | "plan" | "plans" | "billing">) {
  const [open, setOpen] = React.useState(false);
  const [target, setTarget] = React.useState(plan);
  // A refusal (Stripe's reason, with billing on) stays in the dialog until the admin changes something.
  const [refusal, setRefusal] = React.useState<string | null>(null);
  const { pending, run } = useLifecycle();
  const current = plans.find((p) => p.id === plan)?.name ?? plan;
  const next = plans.find((p) => p.id === target)?.name ?? target;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (target === plan || pending) return;
    setRefusal(null);
    run(() => changePlanAction(id, target), () => setOpen(false), setRefusal);
  };
  return (
    <AlertDialog
      open={open}
      onOpenChange={(o) => {
        if (pending) return;
        setOpen(o);
        if (!o) {
          setTarget(plan);
          setRefusal(null);
        }
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline">
          <ArrowUpDown aria-hidden="true" />
          Change plan
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <AlertDialogHeader>
            <AlertDialogTitle>Change {name}&apos;s plan</AlertDialogTitle>
            <AlertDialogDescription>
              {target === plan
                ? `${name} is on ${current}. Choose the plan to move it to.`
                : `${name} moves from ${current} to ${next}: the new plan's quotas apply on its next request${
                    billing ? ", and its Stripe subscription moves to the new plan's prices (Stripe prorates the change)" : ""
                  }.`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="change-plan">Plan</Label>
            <Select
              id="change-plan"
              value={target}
              onChange={(e) => {
                setTarget(e.target.value);
                setRefusal(null);
              }}
            >
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.id === plan ? " (current)" : ""}
                </option>
              ))}
            </Select>
          </div>
          {refusal ? (
            <p role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {refusal}
            </p>
          ) : null}
          <AlertDialogFooter>
            <AlertDialogCancel type="button" disabled={pending}>
              Cancel
            </AlertDialogCancel>
            <Button type="submit" disabled={target === plan || pending} aria-busy={pending || undefined}>
              {pending ? <Spinner /> : null}
              Change plan
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
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
