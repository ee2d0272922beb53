"use client";

import type { ReactNode } from "react";
import { ThemeProvider as NextThemesProvider } from "next-themes";

/**
 * Light / dark / system theme (next-themes): the `dark` class on <html>, kept in localStorage,
 * applied by next-themes' inline script before the first paint, following the OS setting and
 * other tabs. Wrap the app once in the root layout; `nonce`: the request's Content-Security-Policy
 * nonce (proxy.ts), without which the browser refuses that script.
 */
export function ThemeProvider({ children, nonce }: { children?: ReactNode; nonce?: string }) {
  return (
    <NextThemesProvider
      nonce={nonce}
      attribute="class"
      defaultTheme="system"
      enableSystem
      storageKey="clearbook-theme"
      disableTransitionOnChange
    >
      {children}
    </NextThemesProvider>
  );
}
