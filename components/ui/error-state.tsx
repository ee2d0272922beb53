"use client";

import * as React from "react";
import { RefreshCw, TriangleAlert } from "lucide-react";
import { cn } from "./cn";
import { Button } from "./button";

export type ErrorStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  title?: React.ReactNode;
  /** A sentence for the user. Do not pass raw server errors here. */
  description?: React.ReactNode;
  /** Error digest or request id, shown small so support can find the log line. */
  reference?: string;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  retryLabel?: string;
  /** Replaces the default retry button. */
  action?: React.ReactNode;
  icon?: React.ReactNode;
  size?: "sm" | "default";
};

export function ErrorState({
  title = "Something went wrong",
  description = "We could not load this. Your data is safe; please try again.",
  reference,
  onRetry,
  retryLabel = "Try again",
  action,
  icon = <TriangleAlert />,
  size = "default",
  className,
  ...props
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      data-slot="error-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 text-center",
        size === "sm" ? "px-4 py-8" : "px-6 py-14",
        className,
      )}
      {...props}
    >
      <div
        aria-hidden
        className="flex size-10 items-center justify-center rounded-lg border border-destructive/25 bg-destructive/10 text-destructive [&_svg]:size-5"
      >
        {icon}
      </div>
      <div className="grid max-w-sm gap-1">
        <p className="text-sm font-medium">{title}</p>
        {description ? <p className="text-[13px] leading-5 text-muted-foreground">{description}</p> : null}
        {reference ? (
          <p className="font-mono text-[11px] text-muted-foreground">
            Reference: <span className="select-all">{reference}</span>
          </p>
        ) : null}
      </div>
      {action ??
        (onRetry ? (
          <Button variant="outline" size="sm" onClick={onRetry} className="mt-1">
            <RefreshCw aria-hidden />
            {retryLabel}
          </Button>
        ) : null)}
    </div>
  );
}
