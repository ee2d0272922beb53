import * as React from "react";
import { cn } from "./cn";

export type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** A lucide icon element, e.g. `<Inbox />`. */
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Usually a Button (e.g. "Clear filters" or "New placement"). */
  action?: React.ReactNode;
  size?: "sm" | "default";
};

export function EmptyState({
  icon,
  title,
  description,
  action,
  size = "default",
  className,
  ...props
}: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 text-center",
        size === "sm" ? "px-4 py-8" : "px-6 py-14",
        className,
      )}
      {...props}
    >
      {icon ? (
        <div
          aria-hidden
          className="flex size-10 items-center justify-center rounded-lg border bg-muted/60 text-muted-foreground [&_svg]:size-5"
        >
          {icon}
        </div>
      ) : null}
      <div className="grid max-w-sm gap-1">
        <p className="text-sm font-medium">{title}</p>
        {description ? <p className="text-[13px] leading-5 text-muted-foreground">{description}</p> : null}
      </div>
      {action ? <div className="mt-1 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
}
