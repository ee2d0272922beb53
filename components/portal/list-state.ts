"use client";

import * as React from "react";
import { usePathname, useSearchParams } from "next/navigation";

/**
 * List filters live in the URL (shareable, and what the server prefetches from). Updates use
 * history.replaceState, which Next's router follows without a server round trip.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const params = useSearchParams();
  const pathname = usePathname();
  const values = {} as Record<K, string | undefined>;
  for (const k of keys) values[k] = params.get(k) ?? undefined;
  const set = React.useCallback(
    (patch: Partial<Record<K, string | undefined>>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch) as Array<[string, string | undefined]>) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const qs = next.toString();
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [params, pathname],
  );
  return [values, set] as const;
}

/**
 * Keyset paging: the cursors of the pages visited so far, so "Previous" can go back. Starts over
 * whenever the filters (the reset key) change.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = React.useState<{ key: string; stack: string[] }>({ key: resetKey, stack: [] });
  if (state.key !== resetKey) setState({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    hasPrev: stack.length > 0,
    next: (cursor: string) => setState((s) => ({ key: s.key, stack: [...s.stack, cursor] })),
    prev: () => setState((s) => ({ key: s.key, stack: s.stack.slice(0, -1) })),
  };
}
