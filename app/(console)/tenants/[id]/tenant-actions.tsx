"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ArrowUpDown, Pause, Play, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ConfirmDialog, FormConfirmDialog } from "@/components/confirm-button";
import type { ActionResult } from "@/lib/forms/result";
import { changePlanAction, deleteTenantAction, resumeTenantAction, suspendTenantAction } from "../actions";

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

/**
 * Runs a lifecycle action, reports it in a toast, and redraws the page with the new state. Resolves
 * true when it was done; a refusal's message also goes to `failed`.
 */
function useReport() {
  const router = useRouter();
  return async (call: () => Promise<ActionResult>, failed?: (message: string) => void): Promise<boolean> => {
    try {
      const r = await call();
      if (r.ok) {
        toast.success(r.message);
        router.refresh();
        return true;
      }
      toast.error(r.message);
      failed?.(r.message);
    } catch {
      toast.error("Something went wrong. Try again in a moment.");
    }
    return false;
  };
}

/** The same with a pending state, for the dialogs that are forms of their own. */
function useLifecycle() {
  const report = useReport();
  const [pending, startTransition] = React.useTransition();
  const run = (call: () => Promise<ActionResult>, done: () => void, failed?: (message: string) => void) =>
    startTransition(async () => {
      if (await report(call, failed)) done();
    });
  return { pending, run };
}

export function TenantActions({ id, name, slug, status, plan, plans, billing }: Props) {
  if (status === "deleted") return null;
  return (
    <>
      {status === "active" || status === "suspended" ? <ChangePlanButton id={id} name={name} plan={plan} plans={plans} billing={billing} /> : null}
      {status === "active" ? <StatusButton id={id} name={name} change="suspend" /> : null}
      {status === "suspended" ? <StatusButton id={id} name={name} change="resume" /> : null}
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
  return (
    <FormConfirmDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setTarget(plan);
          setRefusal(null);
        }
      }}
      pending={pending}
      trigger={
        <Button variant="outline">
          <ArrowUpDown aria-hidden="true" />
          Change plan
        </Button>
      }
      title={`Change ${name}'s plan`}
      description={
        target === plan
          ? `${name} is on ${current}. Choose the plan to move it to.`
          : `${name} moves from ${current} to ${next}: the new plan's quotas apply on its next request${
              billing ? ", and its Stripe subscription moves to the new plan's prices (Stripe prorates the change)" : ""
            }.`
      }
      confirmLabel="Change plan"
      canConfirm={target !== plan}
      onConfirm={() => {
        setRefusal(null);
        run(() => changePlanAction(id, target), () => setOpen(false), setRefusal);
      }}
    >
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
    </FormConfirmDialog>
  );
}

const STATUS_CHANGES = {
  suspend: {
    Icon: Pause,
    trigger: "Suspend",
    title: (name: string) => `Suspend ${name}?`,
    description: "Its API keys stop working and its members lose access until resumed. Its data is kept as it is.",
    confirm: "Suspend tenant",
    destructive: true,
    action: suspendTenantAction,
  },
  resume: {
    Icon: Play,
    trigger: "Resume",
    title: (name: string) => `Resume ${name}?`,
    description: "Its API keys work again and its members regain access.",
    confirm: "Resume tenant",
    destructive: false,
    action: resumeTenantAction,
  },
};

function StatusButton({ id, name, change }: { id: string; name: string; change: keyof typeof STATUS_CHANGES }) {
  const report = useReport();
  const c = STATUS_CHANGES[change];
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline">
          <c.Icon aria-hidden="true" />
          {c.trigger}
        </Button>
      }
      title={c.title(name)}
      description={c.description}
      confirmLabel={c.confirm}
      destructive={c.destructive}
      onConfirm={() => report(() => c.action(id))}
    />
  );
}

function DeleteButton({ id, name, slug }: { id: string; name: string; slug: string }) {
  const [open, setOpen] = React.useState(false);
  const [typed, setTyped] = React.useState("");
  const { pending, run } = useLifecycle();
  return (
    <FormConfirmDialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setTyped("");
      }}
      pending={pending}
      trigger={
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden="true" />
          Delete
        </Button>
      }
      title={`Delete ${name}?`}
      description="The tenant stops working at once: its API keys are refused and its members lose access. Its data is kept for the grace period, then purged for good."
      confirmLabel="Delete tenant"
      destructive
      canConfirm={typed.trim() === slug}
      onConfirm={() => run(() => deleteTenantAction(id, typed.trim()), () => setOpen(false))}
    >
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
    </FormConfirmDialog>
  );
}
