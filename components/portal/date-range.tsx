"use client";

import { Input } from "@/components/ui/input";

/** From / to date inputs for list toolbars (`to` is exclusive on the server; shown as "before"). */
export function DateRange({
  from,
  to,
  onChange,
  label = "Dates",
}: {
  from?: string;
  to?: string;
  onChange: (range: { from?: string; to?: string }) => void;
  label?: string;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-1.5 text-[13px] text-muted-foreground">
      <legend className="sr-only">{label}</legend>
      <label className="flex items-center gap-1.5">
        <span>From</span>
        <Input
          type="date"
          value={from ?? ""}
          onChange={(e) => onChange({ from: e.target.value || undefined, to })}
          className="h-8 w-[9.5rem] text-[13px]"
          aria-label={`${label} from`}
        />
      </label>
      <label className="flex items-center gap-1.5">
        <span>before</span>
        <Input
          type="date"
          value={to ?? ""}
          onChange={(e) => onChange({ from, to: e.target.value || undefined })}
          className="h-8 w-[9.5rem] text-[13px]"
          aria-label={`${label} before`}
        />
      </label>
    </fieldset>
  );
}
