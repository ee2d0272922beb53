"use client";

import * as React from "react";
import {
  applyTheme,
  readPreference,
  resolveTheme,
  setPreference,
  subscribeTheme,
  type ResolvedTheme,
  type ThemePreference,
} from "./theme-store";

/**
 * Keeps the `dark` class in sync after hydration: re-applies it if React
 * resets <html> (dev Strict Mode remount), follows the OS setting when the
 * preference is "system", and follows changes made in other tabs.
 * Wrap the app once in the root layout (next to <ThemeScript /> in <head>).
 */
export function ThemeProvider({ children }: { children?: React.ReactNode }) {
  React.useLayoutEffect(() => {
    applyTheme(readPreference());
    return subscribeTheme(() => applyTheme(readPreference()));
  }, []);
  return <>{children}</>;
}

const getServerPreference = (): ThemePreference => "system";
const getServerResolved = (): ResolvedTheme => "light";

/**
 * Current preference and resolved theme. On the server and during hydration
 * this reports "system"/"light"; style by the `dark:` variant instead of this
 * hook where a first-paint difference would show.
 */
export function useTheme() {
  const preference = React.useSyncExternalStore(subscribeTheme, readPreference, getServerPreference);
  const resolved = React.useSyncExternalStore(subscribeTheme, () => resolveTheme(readPreference()), getServerResolved);
  return { preference, resolvedTheme: resolved, setTheme: setPreference };
}
