"use client";
import * as React from "react";
import { formatExact, formatRelative } from "./format";

/**
 * "3 h ago" with the exact time on hover. The first render prints the exact time so the server's HTML
 * and the browser's first render match (no hydration mismatch from differing clocks); the relative
 * form replaces it once mounted and then ticks every minute.
 */
export function RelativeTime({ value, className }: { value: string | Date; className?: string }) {
  const date = React.useMemo(() => (value instanceof Date ? value : new Date(value)), [value]);
  const [now, setNow] = React.useState<Date | null>(null);
  React.useEffect(() => {
    setNow(new Date());
    const t = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(t);
  }, []);
  const exact = formatExact(date);
  return (
    <time dateTime={date.toISOString()} title={exact} className={className} suppressHydrationWarning>
      {now ? formatRelative(date, now) : exact.slice(0, 16)}
    </time>
  );
}
