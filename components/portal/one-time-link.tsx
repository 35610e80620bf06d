"use client";
import { OneTimeValue } from "@/components/one-time-value";

/** An invitation link, shown once to the inviter. */
export function OneTimeLink({ value, label }: { value: string; label: string }) {
  return (
    <OneTimeValue
      id="one-time-link"
      value={value}
      label={label}
      copyLabel="Copy link"
      copiedToast="Link copied"
      warning="This link won't be shown again. Anyone with it can join as the invited person until it is used, revoked or expires in 7 days."
    />
  );
}
