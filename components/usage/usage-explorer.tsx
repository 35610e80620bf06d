"use client";
// The usage screen: range and granularity pickers (kept in the URL, so reload, back and a pasted link
// show the same view), one chart per metric, polled every 15 s while the tab is visible, a CSV
// download of the same range, and loading, empty and error states that keep the page's shape.
import * as React from "react";
import { useSearchParams } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AlertTriangle, BarChart3, Download, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { EmptyState } from "@/components/empty-state";
import { defaultGranularity, GRANULARITIES, RANGES, type ChartGranularity, type RangeId } from "@/lib/metering/ranges";
import type { UsageView } from "./types";
import { CHART_HEIGHT, MetricChart } from "./metric-chart";
import { formatSpan } from "./metric-format";
import { RangePicker } from "./range-picker";

const POLL_MS = 15_000;

export interface UsageSelection {
  range: RangeId;
  granularity: ChartGranularity;
  from?: string;
  to?: string;
}

/** What the URL asks for; anything unreadable falls back to the default, and the endpoint has the last word. */
function selectionFrom(params: URLSearchParams, fallback: RangeId = "30d"): UsageSelection {
  const r = params.get("range");
  const range = (RANGES as readonly string[]).includes(r ?? "") ? (r as RangeId) : fallback;
  const g = params.get("granularity");
  const granularity = (GRANULARITIES as readonly string[]).includes(g ?? "") ? (g as ChartGranularity) : defaultGranularity(range);
  return range === "custom" ? { range, granularity, from: params.get("from") ?? "", to: params.get("to") ?? "" } : { range, granularity };
}

function queryOf(s: UsageSelection): string {
  const q = new URLSearchParams({ range: s.range, granularity: s.granularity });
  if (s.range === "custom") {
    q.set("from", s.from ?? "");
    q.set("to", s.to ?? "");
  }
  return q.toString();
}

class UsageLoadError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

async function fetchUsage(url: string): Promise<UsageView> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (res.ok) return (await res.json()) as UsageView;
  let body: { detail?: string; errors?: { path: string; message: string }[] } = {};
  try {
    body = await res.json();
  } catch {
    // not problem+json (a proxy's error page): the status says enough
  }
  const message =
    res.status === 401 ? "Your session has ended. Sign in again." : (body.detail ?? (res.status >= 500 ? "Something went wrong on our side." : `The request failed (${res.status}).`));
  throw new UsageLoadError(message, res.status, body.errors ?? []);
}

export function UsageExplorer({
  dataUrl,
  csvUrl,
  metrics,
  defaultRange = "30d",
  emptyHint,
  compact = false,
}: {
  /** The JSON endpoint (session-authenticated) the charts poll. */
  dataUrl: string;
  /** The CSV endpoint for the same range; no download button when absent. */
  csvUrl?: string;
  /** Only these metrics (all by default). */
  metrics?: readonly string[];
  defaultRange?: RangeId;
  emptyHint?: React.ReactNode;
  /** Two charts per row from medium screens on (the dashboard has room for fewer). */
  compact?: boolean;
}) {
  const params = useSearchParams();
  const selection = selectionFrom(params, defaultRange);
  const query = queryOf(selection);

  const setSelection = React.useCallback(
    (next: UsageSelection) => {
      // Native history keeps useSearchParams in step without a server round trip (Next's router syncs it).
      const url = new URL(window.location.href);
      for (const k of ["range", "granularity", "from", "to"]) url.searchParams.delete(k);
      for (const [k, v] of new URLSearchParams(queryOf(next))) url.searchParams.set(k, v);
      window.history.pushState(null, "", `${url.pathname}?${url.searchParams.toString()}`);
    },
    [],
  );

  const q = useQuery({
    queryKey: ["usage", dataUrl, query],
    queryFn: () => fetchUsage(`${dataUrl}?${query}`),
    placeholderData: keepPreviousData,
    // A refused range stays refused; a server error may pass, so polling goes on.
    refetchInterval: (qq) => (qq.state.error instanceof UsageLoadError && qq.state.error.status < 500 ? false : POLL_MS),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: 5_000,
    // A bad range stays bad; retrying only delays the message. Network and server errors get one retry.
    retry: (n, e) => !(e instanceof UsageLoadError && e.status < 500) && n < 1,
  });

  const view = q.data;
  const shown = view ? view.metrics.filter((m) => !metrics || metrics.includes(m.metric)) : [];
  const empty = view && shown.every((m) => (m.total ?? 0) === 0 && m.points.every((p) => !p.value));
  const grid = compact ? "grid gap-4 lg:grid-cols-2 [&>*]:min-w-0" : "grid gap-4 md:grid-cols-2 [&>*]:min-w-0";
  const skeletonCount = metrics?.length ?? 7;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <RangePicker value={selection} onChange={setSelection} />
        <div className="flex items-center gap-3">
          <p className="inline-flex items-center gap-1.5 text-xs text-muted-foreground">
            {/* Not a live region: it changes with every poll, and the charts say what changed. */}
            {view ? (
              <span>
                {formatSpan(view.from, view.to)} · UTC · updated {view.generated_at.slice(11, 19)}
              </span>
            ) : null}
            {q.isFetching ? <Spinner className="size-3" /> : null}
            {q.isFetching ? <span className="sr-only">Updating</span> : null}
          </p>
          {csvUrl ? (
            <Button asChild variant="outline" size="sm">
              <a href={`${csvUrl}?${query}`} download>
                <Download aria-hidden="true" /> Download CSV
              </a>
            </Button>
          ) : null}
        </div>
      </div>

      {q.isError && !q.isFetching ? (
        <Card role="alert">
          <EmptyState
            icon={<AlertTriangle />}
            title={q.error instanceof UsageLoadError && q.error.status === 400 ? "This range can't be shown" : "The usage could not be loaded"}
            description={
              <>
                {q.error.message}
                {q.error instanceof UsageLoadError && q.error.fields.length ? (
                  <ul className="mt-1">
                    {q.error.fields.map((f) => (
                      <li key={`${f.path}:${f.message}`}>
                        <span className="font-medium">{FIELD_LABELS[f.path] ?? f.path}:</span> {f.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </>
            }
            action={
              <Button variant="outline" onClick={() => q.refetch()}>
                <RefreshCw aria-hidden="true" /> Retry
              </Button>
            }
          />
        </Card>
      ) : !view ? (
        <div className={grid} aria-busy="true" aria-label="Loading usage">
          {Array.from({ length: skeletonCount }, (_, i) => (
            <Card key={i}>
              <div className="flex justify-between border-b border-border px-4 py-3">
                <Skeleton className="h-4 w-28" />
                <Skeleton className="h-5 w-16" />
              </div>
              <div className="p-3" style={{ height: CHART_HEIGHT + 16 }}>
                <Skeleton className="h-full w-full" />
              </div>
            </Card>
          ))}
        </div>
      ) : (
        <>
          {empty ? (
            <Card>
              <EmptyState
                icon={<BarChart3 />}
                title="No usage in this range"
                description={emptyHint ?? "Usage shows up here within seconds of being reported. Try a longer range."}
              />
            </Card>
          ) : (
            <div className={grid} aria-busy={q.isPlaceholderData ? "true" : undefined}>
              {shown.map((m) => (
                <MetricChart key={m.metric} m={m} granularity={view.granularity} from={view.from} to={view.to} />
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = { from: "From", to: "To", granularity: "Granularity", range: "Range" };
