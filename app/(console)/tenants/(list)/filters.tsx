"use client";
import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Search } from "lucide-react";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Label } from "@/components/ui/label";
import { PLANS, STATUSES } from "@/lib/tenants/schemas";

const STATUS_LABELS: Record<string, string> = { provisioning: "Provisioning", active: "Active", suspended: "Suspended", deleted: "Deleted" };
const PLAN_LABELS: Record<string, string> = { free: "Free", pro: "Pro", enterprise: "Enterprise" };

/**
 * Search and filters write the URL (the server renders the list from it). Any change starts again
 * from the first page: a cursor only means something for the filters it was issued under.
 */
export function TenantFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = React.useTransition();
  const [q, setQ] = React.useState(params.get("q") ?? "");
  const urlQ = params.get("q") ?? "";

  // Back/forward changes the URL under us: follow it.
  const lastPushed = React.useRef(urlQ);
  React.useEffect(() => {
    if (urlQ !== lastPushed.current) {
      lastPushed.current = urlQ;
      setQ(urlQ);
    }
  }, [urlQ]);

  const navigate = React.useCallback(
    (patch: Record<string, string>, mode: "push" | "replace") => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      next.delete("cursor");
      const s = next.toString();
      const href = s ? `${pathname}?${s}` : pathname;
      startTransition(() => (mode === "push" ? router.push(href) : router.replace(href)));
    },
    [params, pathname, router],
  );

  React.useEffect(() => {
    const term = q.trim();
    if (term === urlQ.trim()) return;
    const t = setTimeout(() => {
      lastPushed.current = term;
      // Typing replaces the history entry instead of adding one per pause.
      navigate({ q: term }, urlQ ? "replace" : "push");
    }, 300);
    return () => clearTimeout(t);
  }, [q, urlQ, navigate]);

  return (
    <div className="mb-3 flex flex-wrap items-end gap-2" role="search" aria-label="Filter tenants">
      <div className="relative min-w-48 flex-1 sm:max-w-xs">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input
          type="search"
          aria-label="Search tenants"
          placeholder="Search by name or slug"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              lastPushed.current = q.trim();
              navigate({ q: q.trim() }, "push");
            }
          }}
          className="pl-8"
        />
      </div>
      <div className="flex items-center gap-1.5">
        <Label htmlFor="filter-status" className="sr-only">
          Status
        </Label>
        <Select
          id="filter-status"
          value={params.get("status") ?? ""}
          onChange={(e) => navigate({ status: e.target.value }, "push")}
          className="w-40"
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex items-center gap-1.5">
        <Label htmlFor="filter-plan" className="sr-only">
          Plan
        </Label>
        <Select id="filter-plan" value={params.get("plan") ?? ""} onChange={(e) => navigate({ plan: e.target.value }, "push")} className="w-36">
          <option value="">All plans</option>
          {PLANS.map((p) => (
            <option key={p} value={p}>
              {PLAN_LABELS[p]}
            </option>
          ))}
        </Select>
      </div>
      <span aria-live="polite" className="flex h-8 items-center">
        {pending ? (
          <>
            <Spinner className="text-muted-foreground" />
            <span className="sr-only">Loading tenants</span>
          </>
        ) : null}
      </span>
    </div>
  );
}
