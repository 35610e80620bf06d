import * as React from "react";
import { cn } from "./cn";

export const fieldClasses =
  "w-full min-w-0 rounded-md border border-border bg-background px-2.5 text-sm shadow-xs transition-colors outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive aria-invalid:ring-destructive/20";

export function Input({ className, type = "text", ...props }: React.ComponentProps<"input">) {
  return <input data-slot="input" type={type} className={cn(fieldClasses, "h-8 py-1", className)} {...props} />;
}
