import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "./query-client";
import { createRequestContext } from "./request-context";
import { appRouter, createCaller } from "./root";

/** One QueryClient per request for server components. */
export const getQueryClient = cache(makeQueryClient);

/** Query options for server components: `prefetch(trpc.placements.list.queryOptions({...}))`. */
export const trpc = createTRPCOptionsProxy({
  ctx: createRequestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Call procedures directly from a server component or server action, as the signed-in user. */
export const getServerCaller = cache(async () => createCaller(await createRequestContext()));

/** Hand the server's prefetched queries to client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
