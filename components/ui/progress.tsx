"use client";

import * as React from "react";
import { Progress as ProgressPrimitive } from "radix-ui";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

const progressIndicatorVariants = cva("h-full w-full flex-1 transition-transform duration-300 ease-out", {
  variants: {
    tone: {
      default: "bg-primary",
      success: "bg-success",
      warning: "bg-warning",
      destructive: "bg-destructive",
    },
  },
  defaultVariants: { tone: "default" },
});

export type ProgressProps = Omit<React.ComponentProps<typeof ProgressPrimitive.Root>, "value"> &
  VariantProps<typeof progressIndicatorVariants> & {
    /** 0..max. Omit (or pass null) for an indeterminate bar. */
    value?: number | null;
    size?: "sm" | "md";
  };

/** Horizontal progress bar. Indeterminate when `value` is null/undefined. */
export function Progress({ className, value, max = 100, tone, size = "md", ...props }: ProgressProps) {
  const indeterminate = value == null;
  const pct = indeterminate ? 0 : Math.min(100, Math.max(0, (value / max) * 100));
  return (
    <ProgressPrimitive.Root
      data-slot="progress"
      value={indeterminate ? null : value}
      max={max}
      className={cn("relative w-full overflow-hidden rounded-full bg-muted", size === "sm" ? "h-1" : "h-2", className)}
      {...props}
    >
      <ProgressPrimitive.Indicator
        data-slot="progress-indicator"
        className={cn(progressIndicatorVariants({ tone }), indeterminate && "w-2/5 animate-indeterminate rounded-full")}
        style={indeterminate ? undefined : { transform: `translateX(-${100 - pct}%)` }}
      />
    </ProgressPrimitive.Root>
  );
}
