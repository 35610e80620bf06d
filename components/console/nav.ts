import { Building2, CreditCard, Layers, LayoutDashboard, ScrollText, Settings, type LucideIcon } from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

export const CONSOLE_NAV: NavItem[] = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard },
  { href: "/tenants", label: "Tenants", icon: Building2 },
  { href: "/plans", label: "Plans", icon: Layers },
  { href: "/billing", label: "Billing", icon: CreditCard },
  { href: "/audit", label: "Audit log", icon: ScrollText },
  { href: "/settings", label: "Settings", icon: Settings },
];

/** "/" matches only itself; other items match their subtree (/tenants/ten_1/data → Tenants). */
export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Labels for fixed path segments in breadcrumbs; ids get theirs from the page (see crumbs.tsx). */
export const SEGMENT_LABELS: Record<string, string> = {
  tenants: "Tenants",
  new: "New tenant",
  plans: "Plans",
  billing: "Billing",
  audit: "Audit log",
  settings: "Settings",
  outbox: "Email outbox",
  data: "Data",
  members: "Members",
  usage: "Usage",
  keys: "API keys",
  quotas: "Quotas",
  "platform-keys": "Platform keys",
  metrics: "Usage metrics",
  prices: "Prices",
  reconciliation: "Reconciliation",
  webhooks: "Webhook events",
};
