"use client";

import * as React from "react";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  ChartCardFrame,
  ChartTooltipContent,
  axisTick,
  seriesColor,
  type BaseChartCardProps,
  type ChartDatum,
} from "./chart-parts";

export type AreaChartCardProps<T extends ChartDatum> = BaseChartCardProps<T> & {
  /** Stack series on top of each other (parts of a whole, e.g. fees + net). */
  stacked?: boolean;
  /** Curve shape. "monotone" is smooth; "linear" is honest for sparse data. */
  curve?: "monotone" | "linear" | "step";
};

/**
 * Time series in a card. Values must already be display numbers (e.g. dollars
 * as a float for plotting); money arithmetic belongs on the server.
 */
export function AreaChartCard<T extends ChartDatum>(props: AreaChartCardProps<T>) {
  const {
    data,
    xKey,
    series,
    valueFormatter,
    axisFormatter = valueFormatter,
    xFormatter = String,
    height = 240,
    stacked = false,
    curve = "monotone",
  } = props;
  const gradientPrefix = `area-${React.useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;

  return (
    <ChartCardFrame props={props}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height }}>
        <AreaChart data={data as unknown as ChartDatum[]} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <defs>
            {series.map((s, i) => (
              <linearGradient key={s.key} id={`${gradientPrefix}-${i}`} x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor={seriesColor(s, i)} stopOpacity={0.28} />
                <stop offset="100%" stopColor={seriesColor(s, i)} stopOpacity={0.02} />
              </linearGradient>
            ))}
          </defs>
          <CartesianGrid vertical={false} stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey={xKey as string}
            tickLine={false}
            axisLine={false}
            tickMargin={8}
            minTickGap={24}
            tick={axisTick}
            tickFormatter={(v: string | number) => xFormatter(v)}
          />
          <YAxis
            tickLine={false}
            axisLine={false}
            tickMargin={4}
            width="auto"
            tick={axisTick}
            tickFormatter={(v: number) => axisFormatter(v)}
          />
          <Tooltip
            cursor={{ stroke: "var(--muted-foreground)", strokeOpacity: 0.35, strokeDasharray: "3 3" }}
            content={({ active, payload, label }) => (
              <ChartTooltipContent
                active={active}
                payload={payload}
                label={label}
                series={series}
                valueFormatter={valueFormatter}
                xFormatter={xFormatter}
                showTotal={stacked}
              />
            )}
          />
          {series.map((s, i) => (
            <Area
              key={s.key}
              dataKey={s.key as string}
              name={s.label}
              type={curve}
              stackId={stacked ? "stack" : undefined}
              stroke={seriesColor(s, i)}
              strokeWidth={1.75}
              fill={`url(#${gradientPrefix}-${i})`}
              activeDot={{ r: 3.5, strokeWidth: 0 }}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartCardFrame>
  );
}
