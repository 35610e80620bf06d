"use client";
import { OneTimeValue } from "@/components/one-time-value";

/** A key's secret, shown once. */
export function OneTimeSecret({ value, label = "Secret key" }: { value: string; label?: string }) {
  return (
    <OneTimeValue id="one-time-secret" value={value} label={label} copyLabel="Copy secret" warning="This key will not be shown again. Store it now." />
  );
}
