"use client";
import * as React from "react";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** A value shown once (an API key, an invitation link): monospace, read-only, a copy button and a plain warning. */
export function OneTimeValue({
  id,
  value,
  label,
  copyLabel,
  warning,
  copiedToast,
}: {
  id: string;
  value: string;
  label: string;
  /** The copy button's accessible name before copying ("Copy secret"); "Copied" after. */
  copyLabel: string;
  warning: React.ReactNode;
  copiedToast?: string;
}) {
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
    if (copiedToast) toast.success(copiedToast);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <div className="grid gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <Input
          ref={ref}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
          spellCheck={false}
          autoComplete="off"
        />
        <Button type="button" variant="outline" onClick={copy} aria-label={copied ? "Copied" : copyLabel}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p role="note" className="flex items-start gap-1.5 text-xs font-medium text-amber-700 dark:text-amber-300">
        <TriangleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
        {warning}
      </p>
    </div>
  );
}
