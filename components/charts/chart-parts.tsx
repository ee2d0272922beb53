"use client";

import * as React from "react";
import type { TooltipContentProps } from "recharts";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/cn";

/** A plotted series. `key` names a numeric field of each datum. */
export type ChartSeries<K extends string = string> = {
  key: K;
  label: string;
  /** Any CSS colour; defaults to the theme's --chart-N palette in order. */
  color?: string;
};

export type ChartDatum = Record<string, string | number | null | undefined>;

export type BaseChartCardProps<T extends ChartDatum> = {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Top-right of the card (range select, link to report). */
  action?: React.ReactNode;
  /** Optional figure shown above the chart, already formatted, e.g. "$48,210.00". */
  headline?: React.ReactNode;
  data: readonly T[];
  /** Field holding the x value / category label. */
  xKey: keyof T & string;
  series: ChartSeries<keyof T & string>[];
  /** Formats a plotted value for axis ticks, tooltip and the screen-reader table. */
  valueFormatter: (value: number) => string;
  /** Formats an x value (dates, bucket names). Defaults to String(). */
  xFormatter?: (value: string | number) => string;
  /** Shorter formatter for y-axis ticks (e.g. "$12k"). Defaults to valueFormatter. */
  axisFormatter?: (value: number) => string;
  height?: number;
  loading?: boolean;
  /** Shown instead of the chart when data is empty. */
  emptyMessage?: React.ReactNode;
  showLegend?: boolean;
  className?: string;
};

export function seriesColor(series: ChartSeries, index: number) {
  return series.color ?? `var(--chart-${(index % 5) + 1})`;
}

export const axisTick = { fill: "var(--muted-foreground)", fontSize: 11 };

/** Card frame, loading/empty handling and an accessible data table shared by the chart cards. */
export function ChartCardFrame<T extends ChartDatum>({
  props,
  children,
}: {
  props: BaseChartCardProps<T>;
  children: React.ReactNode;
}) {
  const {
    title,
    description,
    action,
    headline,
    data,
    xKey,
    series,
    valueFormatter,
    xFormatter = String,
    height = 240,
    loading = false,
    emptyMessage = "No data for this period.",
    showLegend = series.length > 1,
    className,
  } = props;
  const titleId = React.useId();
  return (
    <Card data-slot="chart-card" className={cn("gap-3", className)}>
      <CardHeader>
        <CardTitle id={titleId}>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
        {action ? <CardAction>{action}</CardAction> : null}
      </CardHeader>
      <CardContent className="grid gap-3">
        {headline ? <div className="text-2xl leading-8 font-semibold tracking-tight tabular">{headline}</div> : null}
        {showLegend && !loading && data.length > 0 ? (
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-hidden>
            {series.map((s, i) => (
              <li key={s.key} className="flex items-center gap-1.5">
                <span className="size-2.5 rounded-[3px]" style={{ background: seriesColor(s, i) }} />
                {s.label}
              </li>
            ))}
          </ul>
        ) : null}
        <figure aria-labelledby={titleId} className="m-0" style={{ height }}>
          {loading ? (
            <Skeleton className="size-full" />
          ) : data.length === 0 ? (
            <div className="flex size-full items-center justify-center rounded-md border border-dashed text-[13px] text-muted-foreground">
              {emptyMessage}
            </div>
          ) : (
            children
          )}
        </figure>
        {!loading && data.length > 0 ? (
          <table className="sr-only">
            <caption>{typeof title === "string" ? title : "Chart data"}</caption>
            <thead>
              <tr>
                <th scope="col">{xKey}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((d, i) => (
                <tr key={i}>
                  <th scope="row">{d[xKey] == null ? "" : xFormatter(d[xKey] as string | number)}</th>
                  {series.map((s) => {
                    const v = d[s.key];
                    return <td key={s.key}>{typeof v === "number" ? valueFormatter(v) : "–"}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Tooltip body in the design system's popover style. */
export function ChartTooltipContent({
  active,
  payload,
  label,
  series,
  valueFormatter,
  xFormatter = String,
  showTotal = false,
}: Pick<TooltipContentProps, "active" | "payload" | "label"> & {
  series: ChartSeries[];
  valueFormatter: (value: number) => string;
  xFormatter?: (value: string | number) => string;
  showTotal?: boolean;
}) {
  if (!active || !payload || payload.length === 0) return null;
  const rows = payload.filter((p) => typeof p.value === "number");
  const total = rows.reduce((sum, p) => sum + (p.value as number), 0);
  return (
    <div className="min-w-40 rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      {label !== undefined ? <div className="mb-1.5 font-medium">{xFormatter(label)}</div> : null}
      <div className="grid gap-1">
        {rows.map((p) => {
          const idx = series.findIndex((s) => s.key === p.dataKey);
          const s = series[idx];
          return (
            <div key={String(p.dataKey)} className="flex items-center gap-2">
              <span
                aria-hidden
                className="size-2.5 shrink-0 rounded-[3px]"
                style={{ background: s ? seriesColor(s, idx) : p.color }}
              />
              <span className="text-muted-foreground">{s?.label ?? String(p.name ?? p.dataKey)}</span>
              <span className="ml-auto pl-3 font-medium tabular">{valueFormatter(p.value as number)}</span>
            </div>
          );
        })}
        {showTotal && rows.length > 1 ? (
          <div className="mt-0.5 flex items-center gap-2 border-t pt-1">
            <span className="text-muted-foreground">Total</span>
            <span className="ml-auto pl-3 font-medium tabular">{valueFormatter(total)}</span>
          </div>
        ) : null}
      </div>
    </div>
  );
}
