"use client";
// One chart per metric. Counters are bars (one per bucket); when the metric has a monthly quota, a
// month-to-date line on its own axis runs beside them with the quota as a dashed line, because a
// monthly limit only compares with the month's running total, not with one hour's count. Gauges
// (storage, connections) are a line of the level with the limit as a dashed line on the same axis.
import * as React from "react";
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { formatPercent } from "@/components/format";
import type { MetricView } from "./types";
import { formatBucket, midnightTicks, niceTicks, formatMetric, formatMetricExact, formatSpan, formatTick, metricLabel } from "./metric-format";

const PRIMARY = "var(--color-primary)";
const MTD = "oklch(0.65 0.15 160)";
const QUOTA = "var(--color-destructive)";
const MUTED = "var(--color-muted-foreground)";
const GRID = "var(--color-border)";

export const CHART_HEIGHT = 176;

export function MetricChart({ m, granularity, from, to }: { m: MetricView; granularity: "hour" | "day"; from: string; to: string }) {
  const label = metricLabel(m.metric);
  const limit = m.quota?.limit ?? null;
  const monthly = m.quota?.per === "month";
  const lastMtd = monthly ? (m.points.at(-1)?.month_to_date ?? 0) : null;
  const ticks = niceTicks(m.metric, Math.max(monthly ? 0 : (limit ?? 0), ...m.points.map((p) => p.value ?? 0)), m.unit);
  const mtdTicks = monthly ? niceTicks(m.metric, Math.max(limit ?? 0, lastMtd ?? 0, ...m.points.map((p) => p.month_to_date ?? 0)), m.unit) : undefined;
  const xTicks = granularity === "hour" ? midnightTicks(m.points) : undefined;
  // A line through one or two reports draws nothing visible: mark the points themselves.
  const sparse = m.points.filter((p) => p.value !== null).length <= 2;
  const summary = `${label} by ${granularity}, ${m.points.length} ${m.points.length === 1 ? "point" : "points"}, ${formatSpan(from, to)} (UTC); ${
    m.kind === "counter" ? `total ${formatMetricExact(m.metric, m.total ?? 0, m.unit)}` : m.total === null ? "no level reported" : `latest ${formatMetricExact(m.metric, m.total, m.unit)}`
  }${limit !== null ? `; quota ${formatMetricExact(m.metric, limit, m.unit)}${monthly ? " per month" : ""}` : ""}`;
  return (
    <Card aria-label={label} className="min-w-0">
      <CardHeader className="items-baseline">
        <div className="min-w-0">
          <CardTitle>{label}</CardTitle>
          <p className="text-xs text-muted-foreground">
            {m.kind === "counter" ? "Total in range" : "Latest level"}
            {limit !== null ? (
              <>
                {" · "}
                {monthly ? "Quota " : "Limit "}
                <span className="tabular">{formatMetric(m.metric, limit, m.unit)}</span>
                {monthly ? " / month" : ""}
              </>
            ) : m.quota ? (
              " · No limit"
            ) : null}
          </p>
        </div>
        <div className="text-right">
          <div className="tabular text-lg font-semibold" title={m.total === null ? undefined : formatMetricExact(m.metric, m.total, m.unit)} data-total>
            {m.total === null ? "—" : formatMetric(m.metric, m.total, m.unit)}
          </div>
          {monthly && limit !== null && lastMtd !== null ? (
            <div className="text-xs text-muted-foreground tabular">{limit > 0 ? `${formatPercent(lastMtd / limit)} of quota this month` : null}</div>
          ) : null}
        </div>
      </CardHeader>
      <figure role="img" aria-label={summary} className="m-0 px-1 pt-3 pb-1" style={{ height: CHART_HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={m.points} margin={{ top: 4, right: monthly ? 4 : 12, bottom: 0, left: 4 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke={GRID} />
            <XAxis
              dataKey="t"
              tickFormatter={(t: string) => formatTick(t, granularity)}
              tick={{ fontSize: 11, fill: MUTED }}
              tickLine={false}
              axisLine={{ stroke: GRID }}
              minTickGap={24}
              {...(xTicks ? { ticks: xTicks } : {})}
            />
            <YAxis
              yAxisId="v"
              tickFormatter={(v: number) => formatMetric(m.metric, v, m.unit)}
              tick={{ fontSize: 11, fill: MUTED }}
              tickLine={false}
              axisLine={false}
              width={60}
              {...(ticks ? { ticks, domain: [0, ticks[ticks.length - 1]] } : {})}
              allowDecimals={false}
            />
            {monthly ? (
              <YAxis
                yAxisId="mtd"
                orientation="right"
                tickFormatter={(v: number) => formatMetric(m.metric, v, m.unit)}
                tick={{ fontSize: 11, fill: MTD }}
                tickLine={false}
                axisLine={false}
                width={48}
                allowDecimals={false}
                {...(mtdTicks ? { ticks: mtdTicks, domain: [0, mtdTicks[mtdTicks.length - 1]] } : {})}
              />
            ) : null}
            <Tooltip content={(p: TooltipContentProps) => <ChartTooltip {...p} m={m} granularity={granularity} />} cursor={{ fill: "var(--color-muted)", opacity: 0.6 }} />
            {m.kind === "counter" ? (
              <Bar yAxisId="v" dataKey="value" name={label} fill={PRIMARY} radius={[2, 2, 0, 0]} maxBarSize={24} isAnimationActive={false} />
            ) : (
              <Line yAxisId="v" dataKey="value" name={label} stroke={PRIMARY} strokeWidth={2} dot={sparse ? { r: 3, fill: PRIMARY } : false} connectNulls type="monotone" isAnimationActive={false} />
            )}
            {monthly ? (
              <Line yAxisId="mtd" dataKey="month_to_date" name="Month to date" stroke={MTD} strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />
            ) : null}
            {limit !== null ? (
              <ReferenceLine
                yAxisId={monthly ? "mtd" : "v"}
                y={limit}
                stroke={QUOTA}
                strokeDasharray="5 4"
                ifOverflow="extendDomain"
                label={{ value: monthly ? "Quota / month" : "Limit", position: "insideTopLeft", fontSize: 11, fill: QUOTA }}
              />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      {monthly ? (
        <p className="flex flex-wrap gap-x-3 px-4 pb-2 text-[11px] text-muted-foreground" aria-hidden="true">
          <span><span className="mr-1 inline-block size-2 rounded-sm" style={{ background: PRIMARY }} />per {granularity}</span>
          <span><span className="mr-1 inline-block h-0.5 w-3 align-middle" style={{ background: MTD }} />month to date (right axis)</span>
          {limit !== null ? <span><span className="mr-1 inline-block w-3 border-t border-dashed align-middle" style={{ borderColor: QUOTA }} />quota</span> : null}
        </p>
      ) : null}
    </Card>
  );
}

function ChartTooltip({ active, payload, label, m, granularity }: TooltipContentProps & { m: MetricView; granularity: "hour" | "day" }) {
  if (!active || !payload?.length || typeof label !== "string") return null;
  const point = payload[0]?.payload as { value: number | null; month_to_date?: number } | undefined;
  if (!point) return null;
  return (
    <div className="rounded-md border border-border bg-card px-2.5 py-1.5 text-xs shadow-md">
      <div className="mb-0.5 text-muted-foreground">{formatBucket(label, granularity)}</div>
      <div className="tabular font-medium">{point.value === null ? "No level reported" : formatMetricExact(m.metric, point.value, m.unit)}</div>
      {point.month_to_date !== undefined ? <div className="tabular text-muted-foreground">Month to date: {formatMetricExact(m.metric, point.month_to_date, m.unit)}</div> : null}
    </div>
  );
}
