"use client";
import * as React from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./ui/button";
import { Spinner } from "./ui/spinner";

/** A form's submit button: disabled with a spinner while its form's action is pending. */
export function SubmitButton({ children, pendingLabel, disabled, ...props }: ButtonProps & { pendingLabel?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending || disabled} aria-busy={pending || undefined} {...props}>
      {pending ? <Spinner /> : null}
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
