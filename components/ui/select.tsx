import * as React from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";
import { fieldClasses } from "./input";

/** A styled native <select>: keyboard, screen-reader and mobile behaviour come for free. */
export function Select({ className, children, ...props }: React.ComponentProps<"select">) {
  return (
    <div className={cn("relative", className)}>
      <select data-slot="select" className={cn(fieldClasses, "h-8 appearance-none py-1 pr-8")} {...props}>
        {children}
      </select>
      <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}
