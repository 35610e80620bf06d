"use client";
import * as React from "react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { BYTE_UNITS, isByteQuota, splitBytes } from "./units";

/**
 * One quota's value: a number (with a unit select for bytes) and an "Unlimited" switch that disables
 * it. Field names follow `quotaFromForm` in ./units. `id` labels the number field.
 */
export function QuotaInput({
  id,
  name,
  quota,
  label,
  value,
  error,
}: {
  id: string;
  name: string;
  /** Which quota this is (decides bytes or a count); defaults to `name`. */
  quota?: string;
  label: string;
  value: number | null;
  error?: string;
}) {
  const [unlimited, setUnlimited] = React.useState(value === null);
  const bytes = isByteQuota(quota ?? name);
  const initial = value === null ? null : bytes ? splitBytes(value) : { amount: value, unit: "B" as const };
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="grid content-start gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          id={id}
          name={name}
          inputMode="numeric"
          autoComplete="off"
          defaultValue={initial ? String(initial.amount) : ""}
          disabled={unlimited}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          placeholder={unlimited ? "Unlimited" : undefined}
          className="w-36 tabular"
        />
        {bytes ? (
          <Select name={`${name}__unit`} aria-label={`Unit of ${label}`} defaultValue={initial?.unit ?? "GB"} disabled={unlimited} className="w-44">
            {BYTE_UNITS.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </Select>
        ) : null}
        <label className="flex items-center gap-1.5 text-sm text-muted-foreground">
          <input
            type="checkbox"
            name={`${name}__unlimited`}
            checked={unlimited}
            onChange={(e) => setUnlimited(e.target.checked)}
            className="size-4 accent-primary"
            aria-label={`${label}: unlimited`}
          />
          Unlimited
        </label>
      </div>
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
