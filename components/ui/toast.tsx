"use client";

import * as React from "react";
import { Toast as ToastPrimitive } from "radix-ui";
import { cva } from "class-variance-authority";
import { CircleAlert, CircleCheck, Info, TriangleAlert, X } from "lucide-react";
import { cn } from "./cn";

/*
 * A tiny toast system on Radix Toast.
 *
 *   toast({ title: "Remittance approved", variant: "success" })
 *   toast.error("Could not reach QuickBooks", { description: "Retry in a minute." })
 *
 * Mount <Toaster /> once (the root layout does). `toast()` works from any
 * client code, including outside React (event handlers, mutation callbacks).
 */

export type ToastVariant = "default" | "info" | "success" | "warning" | "destructive";

export type ToastOptions = {
  title: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Milliseconds before auto-dismiss. Default 5000; destructive toasts default to 8000. */
  duration?: number;
  action?: { label: string; onClick: () => void; /** Describes the action for screen readers. */ altText?: string };
};

export type ToastItem = ToastOptions & { id: string; open: boolean };

const MAX_TOASTS = 4;
const REMOVE_DELAY_MS = 300;
const EMPTY: ToastItem[] = [];

let items: ToastItem[] = EMPTY;
let counter = 0;
const listeners = new Set<() => void>();

function emit(next: ToastItem[]) {
  items = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Close one toast (or all when `id` is omitted); it is removed after its exit animation. */
export function dismissToast(id?: string) {
  emit(items.map((t) => (id === undefined || t.id === id ? { ...t, open: false } : t)));
  setTimeout(() => {
    emit(items.filter((t) => t.open || (id !== undefined && t.id !== id)));
  }, REMOVE_DELAY_MS);
}

function show(options: ToastOptions) {
  const id = `t${++counter}`;
  const next = [...items, { ...options, id, open: true }];
  emit(next.length > MAX_TOASTS ? next.slice(next.length - MAX_TOASTS) : next);
  return {
    id,
    dismiss: () => dismissToast(id),
    update: (patch: Partial<ToastOptions>) => emit(items.map((t) => (t.id === id ? { ...t, ...patch } : t))),
  };
}

type Shortcut = (title: React.ReactNode, options?: Omit<ToastOptions, "title" | "variant">) => ReturnType<typeof show>;

export const toast: ((
  options: ToastOptions | string,
  extra?: Omit<ToastOptions, "title">,
) => ReturnType<typeof show>) & {
  success: Shortcut;
  info: Shortcut;
  warning: Shortcut;
  error: Shortcut;
  dismiss: typeof dismissToast;
} = Object.assign(
  (options: ToastOptions | string, extra?: Omit<ToastOptions, "title">) =>
    show(typeof options === "string" ? { ...extra, title: options } : options),
  {
    success: ((title, o) => show({ ...o, title, variant: "success" })) as Shortcut,
    info: ((title, o) => show({ ...o, title, variant: "info" })) as Shortcut,
    warning: ((title, o) => show({ ...o, title, variant: "warning" })) as Shortcut,
    error: ((title, o) => show({ ...o, title, variant: "destructive" })) as Shortcut,
    dismiss: dismissToast,
  },
);

export function useToast() {
  const toasts = React.useSyncExternalStore(
    subscribe,
    () => items,
    () => EMPTY,
  );
  return { toasts, toast, dismiss: dismissToast };
}

const toastVariants = cva(
  [
    "group pointer-events-auto relative grid w-full grid-cols-[auto_1fr_auto] items-start gap-x-3 overflow-hidden",
    "rounded-lg border bg-popover p-3.5 pr-9 text-popover-foreground shadow-lg",
    "data-[state=open]:animate-toast-in data-[state=closed]:animate-fade-out",
    "data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=cancel]:translate-x-0 data-[swipe=cancel]:transition-[translate]",
    "data-[swipe=end]:animate-toast-swipe-out",
  ],
  {
    variants: {
      variant: {
        default: "",
        info: "border-l-4 border-l-info",
        success: "border-l-4 border-l-success",
        warning: "border-l-4 border-l-warning",
        destructive: "border-l-4 border-l-destructive",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

const icons: Record<ToastVariant, React.ReactNode> = {
  default: null,
  info: <Info className="size-4 text-info" aria-hidden />,
  success: <CircleCheck className="size-4 text-success" aria-hidden />,
  warning: <TriangleAlert className="size-4 text-warning" aria-hidden />,
  destructive: <CircleAlert className="size-4 text-destructive" aria-hidden />,
};

/** Renders queued toasts. Mount once near the root. */
export function Toaster() {
  const { toasts } = useToast();
  return (
    <ToastPrimitive.Provider swipeDirection="right" label="Notification">
      {toasts.map((t) => {
        const variant = t.variant ?? "default";
        return (
          <ToastPrimitive.Root
            key={t.id}
            data-slot="toast"
            open={t.open}
            onOpenChange={(open) => {
              if (!open) dismissToast(t.id);
            }}
            duration={t.duration ?? (variant === "destructive" ? 8000 : 5000)}
            type={variant === "destructive" ? "foreground" : "background"}
            className={toastVariants({ variant })}
          >
            <span className={cn("pt-0.5", !icons[variant] && "hidden")}>{icons[variant]}</span>
            <div className={cn("grid min-w-0 gap-0.5", !icons[variant] && "col-span-2")}>
              <ToastPrimitive.Title className="text-sm leading-5 font-medium">{t.title}</ToastPrimitive.Title>
              {t.description ? (
                <ToastPrimitive.Description className="text-[13px] leading-5 text-muted-foreground">
                  {t.description}
                </ToastPrimitive.Description>
              ) : null}
            </div>
            {t.action ? (
              <ToastPrimitive.Action
                altText={t.action.altText ?? t.action.label}
                onClick={t.action.onClick}
                className={cn(
                  "inline-flex h-7 shrink-0 items-center self-center rounded-md border border-input px-2.5 text-[13px] font-medium",
                  "hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/40 focus-visible:outline-none",
                )}
              >
                {t.action.label}
              </ToastPrimitive.Action>
            ) : (
              <span />
            )}
            <ToastPrimitive.Close
              aria-label="Dismiss notification"
              className={cn(
                "absolute top-2.5 right-2.5 rounded-sm p-1 text-muted-foreground opacity-70 transition-opacity",
                "hover:text-foreground hover:opacity-100 focus-visible:opacity-100 focus-visible:ring-[3px] focus-visible:ring-ring/40 focus-visible:outline-none",
              )}
            >
              <X className="size-3.5" aria-hidden />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport
        data-slot="toast-viewport"
        className="fixed right-0 bottom-0 z-[100] flex max-h-dvh w-full flex-col gap-2 p-4 outline-none sm:max-w-sm"
      />
    </ToastPrimitive.Provider>
  );
}
