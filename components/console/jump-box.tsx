"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { Search } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "@/components/status-badge";

export interface JumpMatch {
  id: string;
  name: string;
  slug: string;
  status: string;
}

/**
 * The top bar's "go to tenant" box: a combobox searching by name or slug on the server (debounced),
 * arrow keys to choose, Enter to open. "/" focuses it from anywhere, as in most dashboards.
 */
export function JumpBox({ search }: { search: (q: string) => Promise<JumpMatch[]> }) {
  const router = useRouter();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [q, setQ] = React.useState("");
  const [matches, setMatches] = React.useState<JumpMatch[]>([]);
  const [active, setActive] = React.useState(0);
  const [open, setOpen] = React.useState(false);
  const [loading, setLoading] = React.useState(false);
  const [searched, setSearched] = React.useState("");
  const listId = React.useId();

  React.useEffect(() => {
    const term = q.trim();
    if (!term) {
      setMatches([]);
      setSearched("");
      return;
    }
    let cancelled = false;
    setLoading(true);
    const t = setTimeout(() => {
      search(term)
        .then((m) => {
          if (cancelled) return;
          setMatches(m);
          setActive(0);
          setSearched(term);
        })
        .catch(() => !cancelled && setMatches([]))
        .finally(() => !cancelled && setLoading(false));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [q, search]);

  React.useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (e.key === "/" && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const go = (m: JumpMatch) => {
    setOpen(false);
    setQ("");
    inputRef.current?.blur();
    router.push(`/tenants/${m.id}`);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(matches.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const term = q.trim();
      if (!term) return;
      const m = searched === term ? matches[active] : undefined;
      if (m) go(m);
      // No match (or results not in yet): the full list, filtered, is the honest answer.
      else {
        setOpen(false);
        router.push(`/tenants?q=${encodeURIComponent(term)}`);
      }
    } else if (e.key === "Escape") {
      setOpen(false);
      if (!open) inputRef.current?.blur();
    }
  };

  const showList = open && q.trim() !== "";
  return (
    <div className="relative w-full max-w-xs">
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label="Jump to tenant"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && matches[active] ? `${listId}-${active}` : undefined}
        placeholder="Jump to tenant…"
        autoComplete="off"
        spellCheck={false}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        className="h-8 w-full rounded-md border border-border bg-muted/50 pr-8 pl-8 text-sm outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:bg-background focus-visible:ring-2 focus-visible:ring-ring/30 [&::-webkit-search-cancel-button]:hidden"
      />
      <span className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-muted-foreground">
        {loading ? <Spinner className="size-3.5" /> : <kbd className="rounded border border-border px-1 font-mono text-[10px] max-sm:hidden">/</kbd>}
      </span>
      {showList ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Matching tenants"
          className="absolute top-full right-0 left-0 z-50 mt-1 max-h-80 overflow-auto rounded-md border border-border bg-card p-1 shadow-md"
        >
          {matches.map((m, i) => (
            <li
              key={m.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(m)}
              onMouseEnter={() => setActive(i)}
              className={cn("flex cursor-pointer items-center justify-between gap-2 rounded-sm px-2 py-1.5", i === active && "bg-muted")}
            >
              <span className="min-w-0">
                <span className="block truncate font-medium">{m.name}</span>
                <span className="block truncate font-mono text-xs text-muted-foreground">{m.slug}</span>
              </span>
              <StatusBadge status={m.status} />
            </li>
          ))}
          {!loading && searched === q.trim() && matches.length === 0 ? (
            <li role="presentation" className="px-2 py-1.5 text-muted-foreground">
              No tenant matches “{q.trim()}”
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
