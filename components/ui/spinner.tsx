import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { LoaderCircle } from "lucide-react";
import { cn } from "./cn";

const spinnerVariants = cva("animate-spin text-muted-foreground", {
  variants: {
    size: { sm: "size-4", md: "size-5", lg: "size-8" },
  },
  defaultVariants: { size: "md" },
});

export type SpinnerProps = Omit<React.ComponentProps<"span">, "children"> &
  VariantProps<typeof spinnerVariants> & {
    /** Accessible label. Pass `null` when the spinner is decorative (e.g. inside a busy button). */
    label?: string | null;
  };

export function Spinner({ className, size, label = "Loading", ...props }: SpinnerProps) {
  return (
    <span
      data-slot="spinner"
      role={label ? "status" : undefined}
      aria-hidden={label ? undefined : true}
      className="inline-flex items-center"
      {...props}
    >
      <LoaderCircle className={cn(spinnerVariants({ size }), className)} aria-hidden />
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}
