import { RouteTabs } from "@/components/route-tabs";

export function TenantTabs({ id }: { id: string }) {
  const base = `/tenants/${id}`;
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/usage`, label: "Usage" },
    { href: `${base}/data`, label: "Data" },
    { href: `${base}/quotas`, label: "Quotas" },
    { href: `${base}/keys`, label: "API keys" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/billing`, label: "Billing" },
  ];
  return <RouteTabs tabs={tabs} label="Tenant sections" />;
}
