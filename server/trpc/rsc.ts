import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { getQueryClient } from "./server";

/**
 * Prefetch and WAIT, so the dehydrated cache holds data (not a pending promise): the server's
 * HTML and the client's first render then agree, with `useQuery` and keyset paging on the client.
 * Errors are not thrown here; the client query shows them with a retry.
 */
export async function prefetchNow(...options: Array<{ queryKey: readonly unknown[] }>): Promise<void> {
  const client = getQueryClient();
  await Promise.all(
    options.map((o) => client.prefetchQuery(o as unknown as Parameters<QueryClient["prefetchQuery"]>[0])),
  );
}
