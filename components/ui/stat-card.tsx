import * as React from "react";
import Link from "next/link";
import { ArrowDownRight, ArrowRight, ArrowUpRight } from "lucide-react";
import { cn } from "./cn";

export type StatCardProps = {
  label: React.ReactNode;
  /** Already formatted for display, e.g. "$12,480.00". */
  value: React.ReactNode;
  /** Small supporting line under the value, e.g. "14 remittances this month". */
  hint?: React.ReactNode;
  /** Makes the whole card a link (to the list behind the number). */
  href?: string;
  icon?: React.ReactNode;
  /**
   * Optional change indicator. Direction and tone are separate on purpose:
   * in collections, "up" is good for recoveries and bad for arrears.
   */
  delta?: { label: React.ReactNode; direction?: "up" | "down" | "flat"; tone?: "positive" | "negative" | "neutral" };
  className?: string;
};

export function StatCard({ label, value, hint, href, icon, delta, className }: StatCardProps) {
  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <p className="text-[13px] font-medium text-muted-foreground">{label}</p>
        {icon ? (
          <span className="text-muted-foreground [&_svg]:size-4" aria-hidden>
            {icon}
          </span>
        ) : null}
      </div>
      <p className="mt-1.5 truncate text-2xl leading-8 font-semibold tracking-tight tabular">{value}</p>
      {delta || hint ? (
        <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-muted-foreground">
          {delta ? <Delta {...delta} /> : null}
          {hint ? <span className="min-w-0">{hint}</span> : null}
        </div>
      ) : null}
      {href ? (
        <ArrowRight
          aria-hidden
          className="absolute right-3 bottom-3 size-4 text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100"
        />
      ) : null}
    </>
  );
  const cls = cn("group relative block rounded-lg border bg-card p-4 text-card-foreground shadow-xs", className);
  if (href) {
    return (
      <Link
        href={href}
        data-slot="stat-card"
        className={cn(
          cls,
          "transition-[border-color,box-shadow] outline-none hover:border-ring/50 hover:shadow-sm focus-visible:ring-[3px] focus-visible:ring-ring/40",
        )}
      >
        {body}
      </Link>
    );
  }
  return (
    <div data-slot="stat-card" className={cls}>
      {body}
    </div>
  );
}

function Delta({ label, direction = "flat", tone = "neutral" }: NonNullable<StatCardProps["delta"]>) {
  const Icon = direction === "up" ? ArrowUpRight : direction === "down" ? ArrowDownRight : null;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-0.5 font-medium tabular",
        tone === "positive" && "text-success",
        tone === "negative" && "text-destructive",
        tone === "neutral" && "text-foreground",
      )}
    >
      {Icon ? <Icon className="size-3.5" aria-hidden /> : null}
      {label}
    </span>
  );
}
