"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChevronRight } from "lucide-react";
import { SEGMENT_LABELS } from "./nav";
import { useCrumbLabels } from "./crumbs";

export function Breadcrumbs() {
  const pathname = usePathname();
  const labels = useCrumbLabels();
  const segments = pathname.split("/").filter(Boolean);
  const crumbs = [{ href: "/", label: "Dashboard" }];
  segments.forEach((seg, i) => {
    const decoded = decodeURIComponent(seg);
    crumbs.push({ href: `/${segments.slice(0, i + 1).join("/")}`, label: labels[decoded] ?? SEGMENT_LABELS[decoded] ?? (decoded.startsWith("ten_") ? "Tenant" : decoded) });
  });
  // On the dashboard itself the single crumb is the page title.
  const shown = segments.length ? crumbs : crumbs.slice(0, 1);
  return (
    <nav aria-label="Breadcrumb" className="min-w-0">
      <ol className="flex min-w-0 items-center gap-1 text-sm text-muted-foreground">
        {shown.map((c, i) => {
          const last = i === shown.length - 1;
          return (
            <li key={c.href} className={`flex min-w-0 items-center gap-1 ${!last ? "max-sm:hidden" : ""}`}>
              {i > 0 ? <ChevronRight className="size-3.5 shrink-0 max-sm:hidden" aria-hidden="true" /> : null}
              {last ? (
                <span aria-current="page" className="truncate font-medium text-foreground">
                  {c.label}
                </span>
              ) : (
                <Link href={c.href} className="truncate hover:text-foreground">
                  {c.label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
