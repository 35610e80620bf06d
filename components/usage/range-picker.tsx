"use client";
// Range (24 h, 7 d, 30 d, 90 d, custom UTC days) and granularity (hour, day). Hourly charts are offered
// only for ranges of up to a week; picking a longer range switches to days.
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/components/ui/cn";
import { defaultGranularity, MAX_HOURLY_DAYS, RANGE_DAYS, RANGE_LABELS, RANGES, type ChartGranularity, type RangeId } from "@/lib/metering/ranges";
import type { UsageSelection } from "./usage-explorer";

const SHORT: Record<RangeId, string> = { "24h": "24h", "7d": "7d", "30d": "30d", "90d": "90d", custom: "Custom" };
const DAY = 86_400_000;

function daysOf(s: UsageSelection): number | null {
  if (s.range !== "custom") return RANGE_DAYS[s.range];
  const f = Date.parse(`${s.from}T00:00:00Z`);
  const t = Date.parse(`${s.to}T00:00:00Z`);
  return Number.isNaN(f) || Number.isNaN(t) ? null : (t - f) / DAY + 1;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function RangePicker({ value, onChange }: { value: UsageSelection; onChange: (s: UsageSelection) => void }) {
  const [from, setFrom] = React.useState(value.from || isoDay(Date.now() - 29 * DAY));
  const [to, setTo] = React.useState(value.to || isoDay(Date.now()));
  // Back/forward may bring other dates: follow the URL.
  React.useEffect(() => {
    if (value.range === "custom") {
      if (value.from) setFrom(value.from);
      if (value.to) setTo(value.to);
    }
  }, [value.range, value.from, value.to]);

  const days = daysOf(value);
  const hourAllowed = days !== null && days <= MAX_HOURLY_DAYS;

  const pickRange = (range: RangeId) => {
    if (range === "custom") {
      onChange({ range, granularity: "day", from, to });
      return;
    }
    const g: ChartGranularity = value.granularity === "hour" && RANGE_DAYS[range] <= MAX_HOURLY_DAYS ? "hour" : defaultGranularity(range);
    onChange({ range, granularity: g });
  };

  return (
    <div className="flex flex-wrap items-end gap-3">
      <Segmented label="Range">
        {RANGES.map((r) => (
          <SegmentButton key={r} pressed={value.range === r} onClick={() => pickRange(r)} aria-label={r === "custom" ? "Custom range" : `Last ${RANGE_LABELS[r]}`}>
            {SHORT[r]}
          </SegmentButton>
        ))}
      </Segmented>
      <Segmented label="Granularity">
        <SegmentButton
          pressed={value.granularity === "hour"}
          disabled={!hourAllowed && value.granularity !== "hour"}
          title={hourAllowed ? undefined : `Hourly charts cover at most ${MAX_HOURLY_DAYS} days`}
          onClick={() => onChange({ ...value, granularity: "hour" })}
        >
          Hour
        </SegmentButton>
        <SegmentButton pressed={value.granularity === "day"} onClick={() => onChange({ ...value, granularity: "day" })}>
          Day
        </SegmentButton>
      </Segmented>
      {value.range === "custom" ? (
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Custom range"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ range: "custom", granularity: value.granularity, from, to });
          }}
        >
          <DateField id="usage-from" label="From (UTC)" value={from} onChange={setFrom} />
          <DateField id="usage-to" label="To (UTC)" value={to} onChange={setTo} />
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </form>
      ) : null}
    </div>
  );
}

function Segmented({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1">
      <span className="text-xs font-medium text-muted-foreground" aria-hidden="true">
        {label}
      </span>
      <div role="group" aria-label={label} className="inline-flex rounded-md border border-border bg-background p-0.5 shadow-xs">
        {children}
      </div>
    </div>
  );
}

function SegmentButton({ pressed, className, ...props }: React.ComponentProps<"button"> & { pressed: boolean }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      className={cn(
        "h-7 rounded-[5px] px-2.5 text-xs font-medium text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-40",
        pressed && "bg-muted text-foreground shadow-xs",
        className,
      )}
      {...props}
    />
  );
}

function DateField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={id} className="text-xs">
        {label}
      </Label>
      <Input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} className="w-36" />
    </div>
  );
}
