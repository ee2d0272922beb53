"use client";

import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import { Toaster as Sonner, toast } from "sonner";

/*
 * Toasts (sonner), styled with the design tokens:
 *
 *   toast.success("Remittance approved")
 *   toast.error("Could not reach QuickBooks", { description: "Retry in a minute." })
 *
 * Mount <Toaster /> once (the root layout does). `toast` works from any client code, including
 * outside React (event handlers, mutation callbacks).
 */
export { toast };

export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      visibleToasts={4}
      icons={{
        success: <CircleCheck className="size-4 text-emerald-600 dark:text-emerald-400" aria-hidden />,
        info: <Info className="size-4 text-sky-600 dark:text-sky-400" aria-hidden />,
        warning: <TriangleAlert className="size-4 text-amber-600 dark:text-amber-400" aria-hidden />,
        error: <CircleAlert className="size-4 text-destructive" aria-hidden />,
      }}
      toastOptions={{
        classNames: {
          toast:
            "group flex w-full items-start gap-3 rounded-lg border bg-popover p-4 text-popover-foreground shadow-lg",
          title: "text-sm font-medium",
          description: "text-sm text-muted-foreground",
          actionButton: "rounded-md bg-primary px-2 py-1 text-xs font-medium text-primary-foreground",
          cancelButton: "rounded-md bg-muted px-2 py-1 text-xs font-medium",
          closeButton: "border bg-popover text-muted-foreground",
        },
      }}
    />
  );
}
