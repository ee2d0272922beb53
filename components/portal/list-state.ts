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
  const current = params.toString();
  // What the person just chose, shown (and queried) at once, until the router's search params
  // catch up: the filter keeps its value and the list goes into its loading state immediately.
  const [optimistic, setOptimistic] = React.useState<{
    base: string;
    patch: Partial<Record<K, string | undefined>>;
  } | null>(null);
  const pending = optimistic && optimistic.base === current ? optimistic.patch : null;
  const values = {} as Record<K, string | undefined>;
  for (const k of keys) values[k] = pending && k in pending ? pending[k] : (params.get(k) ?? undefined);
  const set = React.useCallback(
    (patch: Partial<Record<K, string | undefined>>) => {
      setOptimistic((o) => ({ base: current, patch: { ...(o && o.base === current ? o.patch : {}), ...patch } }));
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(patch) as Array<[string, string | undefined]>) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const qs = next.toString();
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [current, pathname],
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
