"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { CalendarRange } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/components/ui/cn";
import { addDays, PERIOD_PRESETS, PRESET_LABELS, type Period, type PeriodPreset } from "@/server/domain/periods";
import { day } from "./format";

/** Preset periods as links (the server prefetches the new period) plus a custom range. */
export function PeriodPicker({ active, period }: { active: PeriodPreset | "custom"; period: Period }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const [from, setFrom] = React.useState(period.from);
  const [to, setTo] = React.useState(addDays(period.to, -1));
  return (
    <div className="flex min-w-0 max-w-full flex-wrap items-center gap-2">
      <nav
        aria-label="Period"
        className="inline-flex max-w-full min-w-0 overflow-x-auto rounded-md border bg-card p-0.5 shadow-xs"
      >
        {PERIOD_PRESETS.map((p) => (
          <Link
            key={p}
            href={`?period=${p}`}
            aria-current={active === p ? "page" : undefined}
            className={cn(
              "rounded-[5px] px-2.5 py-1 text-[13px] font-medium whitespace-nowrap text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/40",
              active === p && "bg-secondary text-foreground",
            )}
          >
            {PRESET_LABELS[p]}
          </Link>
        ))}
      </nav>
      <Popover open={open} onOpenChange={setOpen}>
        <PopoverTrigger asChild>
          <Button variant={active === "custom" ? "secondary" : "outline"} size="sm">
            <CalendarRange aria-hidden />
            {active === "custom" ? `${day(period.from)} – ${day(addDays(period.to, -1))}` : "Custom"}
          </Button>
        </PopoverTrigger>
        <PopoverContent align="end" className="w-72">
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (!from || !to || from > to) return;
              setOpen(false);
              router.push(`?from=${from}&to=${addDays(to, 1)}`);
            }}
          >
            <label className="grid gap-1 text-[13px]">
              First day
              <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
            </label>
            <label className="grid gap-1 text-[13px]">
              Last day (included)
              <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} required min={from} />
            </label>
            {from && to && from > to ? (
              <p className="text-xs text-destructive">The last day must be on or after the first.</p>
            ) : null}
            <Button type="submit" size="sm">
              Show period
            </Button>
          </form>
        </PopoverContent>
      </Popover>
    </div>
  );
}
