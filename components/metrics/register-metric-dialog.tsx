"use client";
import * as React from "react";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState } from "@/lib/forms/state";
import type { MetricActions } from "./types";

function RegisterForm({ register, onDone }: { register: MetricActions["register"]; onDone: () => void }) {
  const [state, action] = React.useActionState(register, initialFormState);
  React.useEffect(() => {
    if (state.ok) {
      toast.success(`Metric ${state.data?.name} registered`);
      onDone();
    }
  }, [state, onDone]);
  const err = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  const known = new Set(["name", "kind", "unit", "description"]);
  const other = Object.entries(err).find(([k]) => !known.has(k));
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormField
        id="metric-name"
        label="Name"
        help="What events send as “metric”. 2–63 lowercase letters, digits and underscores, starting with a letter (emails_sent). Permanent."
        error={err.name}
      >
        <Input name="name" autoComplete="off" defaultValue={values.name} autoFocus required maxLength={63} className="font-mono" />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="metric-kind" label="Kind" help="Counter: events add up. Gauge: each event reports a level. Fixed once registered." error={err.kind}>
          <Select name="kind" defaultValue={values.kind ?? "counter"}>
            <option value="counter">Counter (sum)</option>
            <option value="gauge">Gauge (level)</option>
          </Select>
        </FormField>
        <FormField id="metric-unit" label="Unit" help="How values are shown." error={err.unit}>
          <Select name="unit" defaultValue={values.unit ?? "count"}>
            <option value="count">Count</option>
            <option value="bytes">Bytes</option>
          </Select>
        </FormField>
      </div>
      <FormField id="metric-description" label="Description" optional error={err.description}>
        <Input name="description" autoComplete="off" defaultValue={values.description} maxLength={500} />
      </FormField>
      {!state.ok && state.message && (other || Object.keys(err).length === 0) ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {other ? other[1] : state.message}
        </p>
      ) : null}
      <DialogFooter>
        <SubmitButton pendingLabel="Registering…">Register metric</SubmitButton>
      </DialogFooter>
    </form>
  );
}

/** "Register metric": name, kind, unit, description. Reopening starts afresh. */
export function RegisterMetricDialog({ register }: { register: MetricActions["register"] }) {
  const [open, setOpen] = React.useState(false);
  const [round, setRound] = React.useState(0);
  const close = React.useCallback(() => {
    setOpen(false);
    setRound((r) => r + 1);
  }, []);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setRound((r) => r + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Register metric
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Register a usage metric</DialogTitle>
          <DialogDescription>Tenants&apos; software can report it through POST /api/v1/usage right away. Custom metrics have no quota and are not billed.</DialogDescription>
        </DialogHeader>
        <RegisterForm key={round} register={register} onDone={close} />
      </DialogContent>
    </Dialog>
  );
}
