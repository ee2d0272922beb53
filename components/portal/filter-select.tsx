"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const ALL = "__all";

/** A compact filter menu for list toolbars: "All …" clears the filter. */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  allLabel,
  className,
}: {
  label: string;
  value: string | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
  allLabel?: string;
  className?: string;
}) {
  // The chosen label is rendered by us, not collected from the (closed) menu's items after
  // hydration: the trigger never shows blank while the page loads or the options are fetched.
  const shown =
    value === undefined ? (allLabel ?? `All ${label.toLowerCase()}`) : options.find((o) => o.value === value)?.label;
  return (
    <Select value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
      <SelectTrigger size="sm" aria-label={label} className={className ?? "w-40"}>
        <SelectValue>{shown ?? <span className="text-muted-foreground">Loading…</span>}</SelectValue>
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ALL}>{allLabel ?? `All ${label.toLowerCase()}`}</SelectItem>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
