"use client";

import * as React from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  ChartCardFrame,
  ChartTooltipContent,
  axisTick,
  seriesColor,
  type BaseChartCardProps,
  type ChartDatum,
} from "./chart-parts";

export type BarChartCardProps<T extends ChartDatum> = BaseChartCardProps<T> & {
  /** Stack multiple series in one bar per category. */
  stacked?: boolean;
  /** Bars grow to the right with categories listed down the side (good for long labels). */
  horizontal?: boolean;
  /**
   * One colour per category instead of per series (single-series only), e.g.
   * ageing buckets going from calm to alarming.
   */
  categoryColors?: readonly string[];
};

/** Categorical comparison in a card, e.g. balances by ageing bucket. */
export function BarChartCard<T extends ChartDatum>(props: BarChartCardProps<T>) {
  const {
    data,
    xKey,
    series,
    valueFormatter,
    axisFormatter = valueFormatter,
    xFormatter = String,
    height = 240,
    stacked = false,
    horizontal = false,
    categoryColors,
  } = props;
  const perCategory = categoryColors && categoryColors.length > 0 && series.length === 1;

  const categoryAxis = {
    dataKey: xKey as string,
    tickLine: false,
    axisLine: false,
    tick: axisTick,
    tickFormatter: (v: string | number) => xFormatter(v),
  } as const;
  const valueAxis = {
    tickLine: false,
    axisLine: false,
    tick: axisTick,
    tickFormatter: (v: number) => axisFormatter(v),
  } as const;

  return (
    <ChartCardFrame props={{ ...props, showLegend: props.showLegend ?? (series.length > 1 && !perCategory) }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height }}>
        <BarChart
          data={data as unknown as ChartDatum[]}
          layout={horizontal ? "vertical" : "horizontal"}
          margin={{ top: 4, right: 4, bottom: 0, left: 0 }}
          barCategoryGap="22%"
        >
          <CartesianGrid vertical={horizontal} horizontal={!horizontal} stroke="var(--border)" strokeDasharray="3 3" />
          {horizontal ? (
            <>
              <XAxis type="number" {...valueAxis} tickMargin={6} />
              <YAxis type="category" {...categoryAxis} width="auto" tickMargin={6} />
            </>
          ) : (
            <>
              <XAxis type="category" {...categoryAxis} tickMargin={8} />
              <YAxis type="number" {...valueAxis} width="auto" tickMargin={4} />
            </>
          )}
          <Tooltip
            cursor={{ fill: "var(--muted)", fillOpacity: 0.7 }}
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
          {series.map((s, i) => {
            const isTop = !stacked || i === series.length - 1;
            const r = 3;
            return (
              <Bar
                key={s.key}
                dataKey={s.key as string}
                name={s.label}
                stackId={stacked ? "stack" : undefined}
                fill={seriesColor(s, i)}
                radius={isTop ? (horizontal ? [0, r, r, 0] : [r, r, 0, 0]) : 0}
                maxBarSize={48}
                isAnimationActive={false}
              >
                {perCategory
                  ? data.map((_, ci) => <Cell key={ci} fill={categoryColors[ci % categoryColors.length]} />)
                  : null}
              </Bar>
            );
          })}
        </BarChart>
      </ResponsiveContainer>
    </ChartCardFrame>
  );
}
