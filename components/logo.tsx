import { Boxes } from "lucide-react";
import { cn } from "./ui/cn";

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <span className="grid size-6 place-items-center rounded-md bg-primary text-primary-foreground">
        <Boxes className="size-3.5" aria-hidden="true" />
      </span>
      Tenantry
    </span>
  );
}
