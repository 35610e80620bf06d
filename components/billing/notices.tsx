"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { AlertTriangle, CheckCircle2, Info, Loader2 } from "lucide-react";
import { cn } from "../ui/cn";

function Notice({ tone, icon, children }: { tone: "green" | "amber" | "red" | "blue"; icon: React.ReactNode; children: React.ReactNode }) {
  const tones = {
    green: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
    amber: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100",
    red: "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200",
    blue: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100",
  } as const;
  return (
    <div role="status" className={cn("mb-5 flex items-start gap-2 rounded-lg border px-4 py-3 text-sm [&_svg]:mt-0.5 [&_svg]:size-4 [&_svg]:shrink-0", tones[tone])}>
      {icon}
      <div>{children}</div>
    </div>
  );
}

/** Payment failed: what happens next and what to do about it. */
export function PastDueBanner({ status, graceEndsAt, canManage }: { status: "past_due" | "unpaid"; graceEndsAt: string | null; canManage: boolean }) {
  const when = graceEndsAt ? new Date(graceEndsAt).toLocaleDateString("en", { month: "long", day: "numeric", timeZone: "UTC" }) : null;
  return (
    <Notice tone={status === "unpaid" ? "red" : "amber"} icon={<AlertTriangle aria-hidden="true" />}>
      <p>
        <strong>{status === "unpaid" ? "Your subscription is unpaid." : "Your last payment failed."}</strong>{" "}
        {when ? `Unless it is paid by ${when}, this tenant will be suspended. ` : ""}
        {canManage ? "Update the payment method under Manage billing; Stripe retries the charge." : "Ask an owner or admin of this tenant to update the payment method."}
      </p>
    </Notice>
  );
}

/**
 * After Stripe Checkout sends the member back. Success: the plan changes when Stripe's webhook
 * arrives, which may be a moment after the redirect, so until the tenant shows the plan paid for this
 * re-reads the page every two seconds (for a minute at most). Cancelled: nothing changed.
 */
export function CheckoutReturnNotice({ outcome, planName, applied }: { outcome: "success" | "cancel"; planName: string | null; applied: boolean }) {
  const router = useRouter();
  const [gaveUp, setGaveUp] = React.useState(false);
  const waiting = outcome === "success" && !applied;
  React.useEffect(() => {
    if (!waiting) return;
    const started = Date.now();
    const t = setInterval(() => {
      if (Date.now() - started > 60_000) {
        clearInterval(t);
        setGaveUp(true);
        return;
      }
      router.refresh();
    }, 2_000);
    return () => clearInterval(t);
  }, [waiting, router]);
  if (outcome === "cancel") {
    return (
      <Notice tone="blue" icon={<Info aria-hidden="true" />}>
        <p>Checkout was cancelled. Nothing was charged and your plan is unchanged.</p>
      </Notice>
    );
  }
  if (applied) {
    return (
      <Notice tone="green" icon={<CheckCircle2 aria-hidden="true" />}>
        <p>
          <strong>Payment received.</strong> {planName ? `You are now on the ${planName} plan.` : "Your subscription is active."}
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="blue" icon={gaveUp ? <Info aria-hidden="true" /> : <Loader2 aria-hidden="true" className="animate-spin" />}>
      <p>
        <strong>Payment received.</strong>{" "}
        {gaveUp
          ? "Stripe has not confirmed the change yet; it will show here once it does. Reload this page in a while."
          : `Waiting for Stripe to confirm${planName ? ` the ${planName} plan` : ""}…`}
      </p>
    </Notice>
  );
}

/** Back from Stripe's Billing Portal: changes made there arrive through Stripe's events. */
export function PortalReturnNotice() {
  return (
    <Notice tone="blue" icon={<Info aria-hidden="true" />}>
      <p>Welcome back. Changes made in Stripe&apos;s billing portal show here as soon as Stripe reports them.</p>
    </Notice>
  );
}
