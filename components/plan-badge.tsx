import { Badge, type BadgeTone } from "./ui/badge";

const PLAN_TONE: Record<string, BadgeTone> = { free: "neutral", pro: "blue", enterprise: "violet" };

export function planLabel(plan: string): string {
  return plan.charAt(0).toUpperCase() + plan.slice(1);
}

export function PlanBadge({ plan, className }: { plan: string; className?: string }) {
  return (
    <Badge tone={PLAN_TONE[plan] ?? "neutral"} className={className}>
      {planLabel(plan)}
    </Badge>
  );
}
