import { Loader2 } from "lucide-react";
import { cn } from "./cn";

/** A small spinning indicator; hidden from assistive tech (the surrounding control says what is pending). */
export function Spinner({ className }: { className?: string }) {
  return <Loader2 aria-hidden="true" className={cn("size-4 animate-spin", className)} />;
}
