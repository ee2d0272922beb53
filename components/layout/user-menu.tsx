"use client";

import * as React from "react";
import { LogOut } from "lucide-react";
import { cn } from "@/components/ui/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type UserMenuProps = {
  name: string;
  email?: string;
  /** Role or organisation, e.g. "Finance operator" or "Acme Lending Ltd". */
  detail?: string;
  /** Extra DropdownMenuItem elements (profile, API keys...). */
  children?: React.ReactNode;
  /** Server action that signs out (submitted via a form, so it works with Auth.js `signOut`). */
  signOutAction?: (formData: FormData) => void | Promise<void>;
  /** Client-side alternative to signOutAction. */
  onSignOut?: () => void;
  className?: string;
};

function initials(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.charAt(0) ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.charAt(0) ?? "") : "";
  return (first + last).toUpperCase();
}

/** Avatar button with the signed-in user's name and a sign-out item. */
export function UserMenu({ name, email, detail, children, signOutAction, onSignOut, className }: UserMenuProps) {
  const formRef = React.useRef<HTMLFormElement>(null);
  return (
    <>
      {signOutAction ? <form ref={formRef} action={signOutAction} hidden /> : null}
      <DropdownMenu>
        <DropdownMenuTrigger
          className={cn(
            "flex size-8 items-center justify-center rounded-full bg-secondary text-xs font-semibold text-secondary-foreground outline-none",
            "ring-1 ring-border transition-shadow hover:ring-ring/50 focus-visible:ring-[3px] focus-visible:ring-ring/40",
            className,
          )}
          aria-label={`Account menu for ${name}`}
        >
          {initials(name)}
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-60">
          <DropdownMenuLabel className="grid gap-0.5 py-2 font-normal">
            <span className="truncate text-sm font-medium text-foreground">{name}</span>
            {email ? <span className="truncate text-xs text-muted-foreground">{email}</span> : null}
            {detail ? <span className="truncate text-xs text-muted-foreground">{detail}</span> : null}
          </DropdownMenuLabel>
          {children ? (
            <>
              <DropdownMenuSeparator />
              {children}
            </>
          ) : null}
          {signOutAction || onSignOut ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem
                onSelect={() => {
                  if (signOutAction) formRef.current?.requestSubmit();
                  else onSignOut?.();
                }}
              >
                <LogOut aria-hidden />
                Sign out
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
