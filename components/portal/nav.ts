// The portal's sections. A section shows in the navigation when the member's role allows its action
// (through the one permission function); staff viewing as see every section, read-only.
//
// Extension point: the keys, usage and billing issues add their pages under app/(portal)/t/[slug]/…
// and one entry here each, e.g.
//   { segment: "keys", label: "API keys", icon: KeyRound, action: "tenant:keys" },
//   { segment: "usage", label: "Usage", icon: BarChart3, action: "tenant:read" },
//   { segment: "billing", label: "Billing", icon: CreditCard, action: "tenant:billing" },
// and the page's path to PORTAL_ROUTES in e2e/portal/routes.ts so the access walk covers it.
import { BarChart3, CreditCard, KeyRound, LayoutDashboard, Settings, Users, type LucideIcon } from "lucide-react";
import type { TenantAction } from "@/lib/auth/permissions";

export interface PortalNavItem {
  /** Path under /t/<slug>; "" is the overview. */
  segment: string;
  label: string;
  icon: LucideIcon;
  action: TenantAction;
}

export const PORTAL_NAV: PortalNavItem[] = [
  { segment: "", label: "Overview", icon: LayoutDashboard, action: "tenant:read" },
  { segment: "usage", label: "Usage", icon: BarChart3, action: "tenant:read" },
  { segment: "keys", label: "API keys", icon: KeyRound, action: "tenant:keys" },
  { segment: "members", label: "Members", icon: Users, action: "tenant:members" },
  // Owners and admins find Billing in the navigation; a member who opens its URL sees the plan read-only.
  { segment: "billing", label: "Billing", icon: CreditCard, action: "tenant:billing" },
  { segment: "settings", label: "Settings", icon: Settings, action: "tenant:settings" },
];

export function portalHref(slug: string, segment: string): string {
  return segment ? `/t/${slug}/${segment}` : `/t/${slug}`;
}
