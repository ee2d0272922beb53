"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { TRPCClientError } from "@trpc/client";
import { makeTRPCClient } from "@/server/trpc/react";

/**
 * Run one work item action: busy while it runs, its error (e.g. "already resolved by X") shown as
 * said, the page refreshed after success. Every panel's buttons use it.
 */
export function useItemAction() {
  const [client] = useState(makeTRPCClient);
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(action: (c: ReturnType<typeof makeTRPCClient>) => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      const out = await action(client);
      router.refresh();
      return out;
    } catch (err) {
      setError(err instanceof TRPCClientError ? err.message : "The server could not be reached; try again.");
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { client, run, busy, error, setError };
}
