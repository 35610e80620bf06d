"use client";
import * as React from "react";
import { UserPlus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormDialog } from "@/components/form-dialog";
import { FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { initialFormState } from "@/lib/forms/state";
import { OneTimeLink } from "./one-time-link";
import { ROLE_HELP, ROLE_LABEL, type CreatedInvite, type MemberActions, type RoleName } from "./types";

const DELIVERY_TEXT: Record<CreatedInvite["delivery"], string> = {
  sent: "We emailed the link to",
  kept: "No mail server is configured, so the email waits in the outbox. Send this link to",
  failed: "The email could not be sent (see the outbox). Send this link to",
};

function InviteForm({ target, invite, tenantName }: { target: string; invite: MemberActions["invite"]; tenantName: string }) {
  const [state, action] = React.useActionState(invite, initialFormState);
  React.useEffect(() => {
    if (state.ok) toast.success(`Invitation sent to ${state.data?.email}`);
  }, [state]);
  if (state.ok && state.data) {
    return (
      <div className="grid gap-4">
        <p className="text-sm">
          {DELIVERY_TEXT[state.data.delivery]} <strong>{state.data.email}</strong> yourself if you like.
        </p>
        <OneTimeLink value={state.data.link} label="Invitation link" />
      </div>
    );
  }
  const err = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="grid gap-4" noValidate>
      <input type="hidden" name="target" value={target} />
      <FormField id="invite-email" label="Email" error={err.email}>
        <Input name="email" type="email" autoComplete="off" defaultValue={values.email} autoFocus required />
      </FormField>
      <FormField id="invite-role" label="Role" help={`Owner: ${ROLE_HELP.owner}. Admin: ${ROLE_HELP.admin}. Member: ${ROLE_HELP.member}.`} error={err.role}>
        <Select name="role" defaultValue={values.role ?? "member"}>
          {(["member", "admin", "owner"] as RoleName[]).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </Select>
      </FormField>
      {!state.ok && state.message && !err.email && !err.role ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {state.message}
        </p>
      ) : null}
      <DialogFooter>
        <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
      </DialogFooter>
      <p className="sr-only">Invites someone to {tenantName}.</p>
    </form>
  );
}

/** "Invite member": email and role, then the one-time link. Reopening starts a fresh form. */
export function InviteDialog({ target, tenantName, invite }: { target: string; tenantName: string; invite: MemberActions["invite"] }) {
  return (
    <FormDialog
      trigger={
        <Button>
          <UserPlus aria-hidden="true" />
          Invite member
        </Button>
      }
      title={`Invite to ${tenantName}`}
      description="They get a link that works once and expires in 7 days."
      className="max-w-lg"
    >
      <InviteForm target={target} invite={invite} tenantName={tenantName} />
    </FormDialog>
  );
}
