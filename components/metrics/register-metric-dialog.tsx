"use client";
import * as React from "react";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormAlert } from "@/components/form-alert";
import { FormDialog } from "@/components/form-dialog";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState } from "@/lib/forms/state";
import type { RegisterMetric } from "./types";

const FIELDS = ["name", "kind", "unit", "description"] as const;

function RegisterForm({ register, onDone }: { register: RegisterMetric; onDone: () => void }) {
  const [state, action] = React.useActionState(register, initialFormState);
  React.useEffect(() => {
    if (state.ok) {
      toast.success(`Metric ${state.data?.name} registered`);
      onDone();
    }
  }, [state, onDone]);
  const err = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormField
        id="metric-name"
        label="Name"
        help="What events send as “metric”. 2–63 lowercase letters, digits and underscores, starting with a letter (emails_sent). Permanent."
        error={err.name}
        hideHelpOnError
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
      <FormAlert state={state} fields={FIELDS} />
      <DialogFooter>
        <SubmitButton pendingLabel="Registering…">Register metric</SubmitButton>
      </DialogFooter>
    </form>
  );
}

/** "Register metric": name, kind, unit, description. Reopening starts afresh. */
export function RegisterMetricDialog({ register }: { register: RegisterMetric }) {
  return (
    <FormDialog
      trigger={
        <Button>
          <Plus aria-hidden="true" />
          Register metric
        </Button>
      }
      title="Register a usage metric"
      description="Tenants' software can report it through POST /api/v1/usage right away. Custom metrics have no quota and are not billed."
    >
      {(close) => <RegisterForm register={register} onDone={close} />}
    </FormDialog>
  );
}
