"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { PORTAL_NAV, portalHref } from "./nav";

/** Section tabs under the portal's header; the server decides which segments this member may see. */
export function PortalNav({ slug, segments }: { slug: string; segments: string[] }) {
  const pathname = usePathname();
  const items = PORTAL_NAV.filter((i) => segments.includes(i.segment));
  return (
    <nav aria-label="Tenant sections" className="-mb-px flex gap-1 overflow-x-auto">
      {items.map(({ segment, label, icon: Icon }) => {
        const href = portalHref(slug, segment);
        const active = segment ? pathname === href || pathname.startsWith(`${href}/`) : pathname === href;
        return (
          <Link
            key={segment || "overview"}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-1.5 border-b-2 border-transparent px-2.5 py-2 text-sm text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring",
              active && "border-primary font-medium text-foreground",
            )}
          >
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
