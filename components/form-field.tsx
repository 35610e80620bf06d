import * as React from "react";
import { Label } from "./ui/label";
import { cn } from "./ui/cn";

/**
 * Label above, control, help text, then the inline error. The control gets its id, aria-invalid and
 * aria-describedby (help + error) so screen readers read the rule and the error with the field.
 */
export function FormField({
  id,
  label,
  help,
  error,
  optional,
  hideHelpOnError,
  className,
  children,
}: {
  id: string;
  label: string;
  help?: React.ReactNode;
  error?: string;
  optional?: boolean;
  /** For errors that already restate the rule in the help text (the slug's pattern). */
  hideHelpOnError?: boolean;
  className?: string;
  children: React.ReactElement<{ id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }>;
}) {
  const showHelp = help && !(hideHelpOnError && error);
  const helpId = showHelp ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <Label htmlFor={id}>
        {label}
        {optional ? <span className="ml-1 font-normal text-muted-foreground">(optional)</span> : null}
      </Label>
      {React.cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {showHelp ? <p id={helpId} className="text-xs text-muted-foreground">{help}</p> : null}
      {error ? <p id={errorId} className="text-xs font-medium text-destructive">{error}</p> : null}
    </div>
  );
}
