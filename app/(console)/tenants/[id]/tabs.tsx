"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** Tabs are routes, so each one has its own URL; this only draws them and marks the current one. */
export function TenantTabs({ id }: { id: string }) {
  const pathname = usePathname();
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
  return (
    <nav aria-label="Tenant sections" className="-mb-px flex gap-1 overflow-x-auto border-b border-border">
      {tabs.map((t) => {
        const active = t.href === base ? pathname === base : pathname === t.href || pathname.startsWith(`${t.href}/`);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "border-b-2 border-transparent px-3 py-2 text-sm whitespace-nowrap text-muted-foreground transition-colors hover:text-foreground",
              active && "border-primary font-medium text-foreground",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
