import type { FormState } from "@/lib/forms/state";

/**
 * A form's own message under its fields: an error for a field the form does not show (so it is not
 * lost), or the message when no field has one. Nothing when every error sits under its field.
 */
export function FormAlert({ state, fields }: { state: FormState<unknown>; fields: readonly string[] }) {
  if (state.ok || !state.message) return null;
  const other = Object.entries(state.fieldErrors).find(([k]) => !fields.includes(k.split(".")[0]));
  if (!other && Object.keys(state.fieldErrors).length > 0) return null;
  return (
    <p role="alert" className="text-sm font-medium text-destructive">
      {other ? other[1] : state.message}
    </p>
  );
}
