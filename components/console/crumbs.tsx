"use client";
import * as React from "react";

// Breadcrumbs are drawn by the frame from the URL; a page that knows what an id stands for (the
// tenant's name for /tenants/ten_…) registers a label for that segment here.
type Labels = Record<string, string>;
const Ctx = React.createContext<{ labels: Labels; set: (segment: string, label: string | null) => void } | null>(null);

export function CrumbProvider({ children }: { children: React.ReactNode }) {
  const [labels, setLabels] = React.useState<Labels>({});
  const set = React.useCallback((segment: string, label: string | null) => {
    setLabels((prev) => {
      if (label === null) {
        if (!(segment in prev)) return prev;
        const next = { ...prev };
        delete next[segment];
        return next;
      }
      return prev[segment] === label ? prev : { ...prev, [segment]: label };
    });
  }, []);
  const value = React.useMemo(() => ({ labels, set }), [labels, set]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCrumbLabels(): Labels {
  return React.useContext(Ctx)?.labels ?? {};
}

/** Renders nothing; names a path segment in the breadcrumbs while mounted. */
export function CrumbLabel({ segment, label }: { segment: string; label: string }) {
  const set = React.useContext(Ctx)?.set;
  React.useEffect(() => {
    set?.(segment, label);
    return () => set?.(segment, null);
  }, [set, segment, label]);
  return null;
}
