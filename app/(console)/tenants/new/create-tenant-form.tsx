"use client";
import * as React from "react";
import { useActionState } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { toast } from "sonner";
import { AlertCircle } from "lucide-react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { fieldErrorsFromZod } from "@/lib/errors";
import { initialFormState, type FormState } from "@/lib/forms/state";
import { createTenantSchema, SLUG_HELP, slugFromName } from "@/lib/tenants/schemas";
import { createTenantAction } from "../actions";

const ISOLATION_HELP: Record<string, string> = {
  shared: "Shared tables with row-level security. Densest; for free tiers.",
  schema: "Its own PostgreSQL schema. The default for most plans.",
  database: "Its own database. For compliance and enterprise customers.",
};

type Errors = Record<string, string>;

export function CreateTenantForm({ plans }: { plans: { id: string; name: string }[] }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState<{ id: string }>, FormData>(createTenantAction, initialFormState);
  const [clientErrors, setClientErrors] = React.useState<Errors | null>(null);
  const [name, setName] = React.useState("");
  const [isolation, setIsolation] = React.useState("schema");

  // A fresh server answer replaces whatever the browser-side check said.
  React.useEffect(() => {
    setClientErrors(null);
    // React resets the form after an action; keep the derived bits in step with the echoed values.
    if (!state.ok && state.values) {
      setName(state.values.name ?? "");
      setIsolation(state.values.isolation ?? "schema");
    }
    if (state.ok && state.data) {
      toast.success(state.message ?? "Tenant created.");
      router.push(`/tenants/${state.data.id}`);
    }
  }, [state, router]);

  const server = !state.ok ? state : null;
  const errors: Errors = clientErrors ?? server?.fieldErrors ?? {};
  const values = server?.values ?? {};
  const formMessage = server?.message && Object.keys(errors).length === 0 ? server.message : null;

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    // Same zod schema as the API: catch the obvious mistakes without a round trip.
    const fd = new FormData(e.currentTarget);
    const input: Record<string, string> = {};
    for (const k of ["name", "slug", "plan", "isolation", "region"]) {
      const v = String(fd.get(k) ?? "").trim();
      if (v) input[k] = v;
    }
    const r = createTenantSchema.safeParse(input);
    if (!r.success) {
      e.preventDefault();
      const errs: Errors = {};
      for (const fe of fieldErrorsFromZod(r.error.issues)) errs[fe.path] ??= fe.message;
      setClientErrors(errs);
      document.getElementById(Object.keys(errs)[0] ?? "")?.focus();
    } else {
      setClientErrors(null);
    }
  };

  return (
    <form action={action} onSubmit={onSubmit} noValidate className="grid gap-5">
      {formMessage ? (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          <AlertCircle className="mt-px size-4 shrink-0" aria-hidden="true" />
          {formMessage}
        </div>
      ) : null}
      <FormField id="name" label="Name" error={errors.name}>
        <Input name="name" autoFocus autoComplete="off" defaultValue={values.name ?? ""} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </FormField>
      <FormField id="slug" label="Slug" optional hideHelpOnError help={<>{SLUG_HELP} Leave empty to derive it from the name.</>} error={errors.slug}>
        <Input
          name="slug"
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          defaultValue={values.slug ?? ""}
          placeholder={name.trim() ? slugFromName(name) : "acme-corp"}
          maxLength={40}
        />
      </FormField>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField id="plan" label="Plan" error={errors.plan}>
          <Select name="plan" defaultValue={values.plan ?? "free"}>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField id="region" label="Region" error={errors.region} help="Where the tenant's data is kept.">
          <Input name="region" defaultValue={values.region ?? "local"} autoComplete="off" spellCheck={false} className="font-mono" maxLength={32} />
        </FormField>
      </div>
      <FormField id="isolation" label="Isolation" error={errors.isolation} help={ISOLATION_HELP[isolation]}>
        <Select name="isolation" defaultValue={values.isolation ?? "schema"} onChange={(e) => setIsolation(e.target.value)}>
          <option value="schema">Schema (default)</option>
          <option value="shared">Shared</option>
          <option value="database">Database</option>
        </Select>
      </FormField>
      <div className="flex items-center justify-end gap-2 border-t border-border pt-4">
        <Button asChild variant="ghost">
          <Link href="/tenants">Cancel</Link>
        </Button>
        <SubmitButton pendingLabel="Creating…">Create tenant</SubmitButton>
      </div>
    </form>
  );
}
