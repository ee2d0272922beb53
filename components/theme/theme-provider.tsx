"use client";

import type { ReactNode } from "react";
import { ThemeProvider as NextThemesProvider } from "next-themes";

/**
 * Light / dark / system theme (next-themes): the `dark` class on <html>, kept in localStorage,
 * applied by next-themes' inline script before the first paint, following the OS setting and
 * other tabs. Wrap the app once in the root layout.
 */
export function ThemeProvider({ children }: { children?: ReactNode }) {
  return (
    <NextThemesProvider
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
