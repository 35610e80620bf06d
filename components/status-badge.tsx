import { Badge, type BadgeTone } from "./ui/badge";

// One colour per status, the same everywhere (console and portal).
const STATUS_TONE: Record<string, BadgeTone> = {
  provisioning: "amber",
  active: "green",
  suspended: "red",
  deleted: "gray",
};

const STATUS_LABEL: Record<string, string> = {
  provisioning: "Provisioning",
  active: "Active",
  suspended: "Suspended",
  deleted: "Deleted",
};

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} className={className}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {STATUS_LABEL[status] ?? status}
    </Badge>
  );
}
