"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "../ui/cn";

const TABS = [
  { href: "/billing", label: "Overview" },
  { href: "/billing/prices", label: "Prices" },
  { href: "/billing/reconciliation", label: "Reconciliation" },
  { href: "/billing/webhooks", label: "Webhook events" },
];

/** The Billing page's sections; each is its own URL. */
export function BillingSettingsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Billing sections" className="-mb-px mb-5 flex gap-1 overflow-x-auto border-b border-border">
      {TABS.map((t) => {
        const active = t.href === "/billing" ? pathname === t.href : pathname === t.href || pathname.startsWith(`${t.href}/`);
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
