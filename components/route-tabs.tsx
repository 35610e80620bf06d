"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface RouteTab {
  href: string;
  label: string;
}

/**
 * Tabs that are routes, so each has its own URL; this only draws them and marks the current one. The
 * first tab is the section's root and matches only itself; the others match their subtree.
 */
export function RouteTabs({ tabs, label, className }: { tabs: RouteTab[]; label: string; className?: string }) {
  const pathname = usePathname();
  const root = tabs[0]?.href;
  return (
    <nav aria-label={label} className={cn("-mb-px flex gap-1 overflow-x-auto border-b border-border", className)}>
      {tabs.map((t) => {
        const active = t.href === root ? pathname === root : pathname === t.href || pathname.startsWith(`${t.href}/`);
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
