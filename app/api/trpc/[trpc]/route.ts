import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/server/env";
import { crossOriginProblem } from "@/server/lib/same-origin";
import { createRequestContext } from "@/server/trpc/request-context";
import { appRouter } from "@/server/trpc/root";

export const runtime = "nodejs";

/**
 * tRPC over HTTP. A POST is a mutation (tRPC refuses mutations over GET): one from another origin is
 * refused before any procedure runs (CSRF; README "Security").
 */
function handler(req: Request) {
  if (req.method === "POST") {
    const problem = crossOriginProblem(req.headers, req.url, env().APP_URL);
    if (problem)
      return Response.json(
        { error: { message: `${problem}: changes are accepted only from Clearbook's own pages`, code: "FORBIDDEN" } },
        { status: 403, headers: { "cache-control": "no-store" } },
      );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createRequestContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"} failed`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
