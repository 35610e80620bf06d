import { Badge, type BadgeTone } from "../ui/badge";

// One colour per billing status, the same in the console and the portal.
const TONE: Record<string, BadgeTone> = {
  none: "gray",
  trialing: "blue",
  active: "green",
  past_due: "amber",
  unpaid: "red",
  canceled: "gray",
};

export const BILLING_STATUS_LABEL: Record<string, string> = {
  none: "No subscription",
  trialing: "Trialing",
  active: "Active",
  past_due: "Past due",
  unpaid: "Unpaid",
  canceled: "Canceled",
};

export function BillingStatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={TONE[status] ?? "neutral"} className={className}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {BILLING_STATUS_LABEL[status] ?? status}
    </Badge>
  );
}
