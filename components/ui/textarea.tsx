import * as React from "react";
import { cn } from "./cn";
import { fieldClassName } from "./input";

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(fieldClassName, "field-sizing-content min-h-20 px-3 py-2 leading-5", className)}
      {...props}
    />
  );
}
