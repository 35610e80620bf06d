"use client";
import * as React from "react";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** A secret shown once: monospace, selectable, with a copy button and a plain warning. */
export function OneTimeLink({ value, label }: { value: string; label: string }) {
  const ref = React.useRef<HTMLInputElement>(null);
  const [copied, setCopied] = React.useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API refused (insecure origin, permissions): select it so Ctrl/Cmd-C works.
      ref.current?.select();
      document.execCommand?.("copy");
    }
    setCopied(true);
    toast.success("Link copied");
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <div className="grid gap-2">
      <label htmlFor="one-time-link" className="text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <Input
          ref={ref}
          id="one-time-link"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
          spellCheck={false}
        />
        <Button type="button" variant="outline" onClick={copy} aria-label="Copy link">
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="flex items-start gap-1.5 text-xs text-amber-700 dark:text-amber-300">
        <TriangleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
        This link won&apos;t be shown again. Anyone with it can join as the invited person until it is used, revoked or expires in 7 days.
      </p>
    </div>
  );
}
