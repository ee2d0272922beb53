import * as React from "react";
import { cn } from "./cn";

/** Shared field look for Input, Textarea and SelectTrigger. */
export const fieldClassName = cn(
  "w-full min-w-0 rounded-md border border-input bg-card text-sm shadow-xs outline-none dark:bg-input/20",
  "transition-[color,border-color,box-shadow] placeholder:text-muted-foreground",
  "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive/25",
);

export type InputProps = React.ComponentProps<"input"> & {
  /** Right-align with tabular digits (amount inputs). */
  numeric?: boolean;
};

export function Input({ className, type = "text", numeric = false, ...props }: InputProps) {
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(
        fieldClassName,
        "h-9 px-3 py-1",
        "file:mr-3 file:inline-flex file:h-7 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        numeric && "money",
        className,
      )}
      {...props}
    />
  );
}
