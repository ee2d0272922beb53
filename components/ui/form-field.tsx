import * as React from "react";
import { Slot } from "radix-ui";
import { cn } from "./cn";
import { Label } from "./label";

export type FormControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
};

export type FormFieldProps = {
  label: React.ReactNode;
  /** Id of the control. Generated when omitted. */
  id?: string;
  /** Help text under the control. */
  description?: React.ReactNode;
  /** Validation message(s). A zod-style string[] shows each message on its own line. */
  error?: React.ReactNode | readonly string[];
  required?: boolean;
  /** Extra element on the label row, e.g. a "Max $5,000" hint. */
  labelAside?: React.ReactNode;
  className?: string;
  /**
   * Either ONE control element (Input, Textarea, a Checkbox...), which receives
   * id / aria-describedby / aria-invalid automatically, or a render function
   * for composite controls such as Select: `{(p) => <Select><SelectTrigger {...p}/>...</Select>}`.
   */
  children: React.ReactElement | ((control: FormControlProps) => React.ReactNode);
};

/** Label + control + help text + error message, wired for screen readers. */
export function FormField({
  label,
  id,
  description,
  error,
  required,
  labelAside,
  className,
  children,
}: FormFieldProps) {
  const autoId = React.useId();
  const controlId = id ?? `field-${autoId}`;
  const descriptionId = `${controlId}-description`;
  const errorId = `${controlId}-error`;
  const errors = Array.isArray(error) ? (error as readonly string[]).filter(Boolean) : error ? [error] : [];
  const invalid = errors.length > 0;

  const control: FormControlProps = {
    id: controlId,
    "aria-describedby":
      [description ? descriptionId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined,
    "aria-invalid": invalid ? true : undefined,
    "aria-required": required ? true : undefined,
  };

  return (
    <div data-slot="form-field" data-invalid={invalid || undefined} className={cn("grid gap-1.5", className)}>
      <div className="flex h-4 items-center justify-between gap-2">
        <Label htmlFor={controlId} className={cn(invalid && "text-destructive")}>
          {label}
          {required ? (
            <span aria-hidden className="text-destructive">
              *
            </span>
          ) : null}
        </Label>
        {labelAside ? <div className="text-xs text-muted-foreground">{labelAside}</div> : null}
      </div>
      {typeof children === "function" ? children(control) : <Slot.Root {...control}>{children}</Slot.Root>}
      {description ? (
        <p id={descriptionId} data-slot="form-description" className="text-xs text-muted-foreground">
          {description}
        </p>
      ) : null}
      {invalid ? (
        <div id={errorId} data-slot="form-message" className="grid gap-0.5 text-xs font-medium text-destructive">
          {errors.map((e, i) => (
            <p key={i}>{e as React.ReactNode}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
