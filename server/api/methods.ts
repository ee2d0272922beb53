/**
 * The methods each /v1 route answers, and the answer to any other method: 405 with an `Allow`
 * header and the /v1 error body (RFC 9110 §15.5.6: a 405 MUST carry Allow). proxy.ts applies it
 * before Next.js routes the request, so an unexported method never reaches Next's bare 405, and a
 * method Next.js cannot turn into a fetch Request (TRACE, CONNECT, TRACK) never reaches a route at
 * all. A test checks this table against the route files' exports, both ways.
 */
export const V1_ROUTE_METHODS: Readonly<Record<string, readonly ("GET" | "POST")[]>> = {
  "/v1/exports": ["GET", "POST"],
  "/v1/exports/[id]": ["GET"],
  "/v1/openapi.json": ["GET"],
  "/v1/placements": ["GET", "POST"],
  "/v1/placements/[id]": ["GET"],
  "/v1/placements/bulk": ["POST"],
  "/v1/remittances": ["GET"],
  "/v1/remittances/[id]": ["GET"],
  "/v1/statements": ["GET"],
  "/v1/statements/[id]": ["GET"],
};

/** Whether a path is the /v1 API, under either spelling (/v1/… or the rewritten /api/v1/…). */
export const isV1Path = (pathname: string) => /^(\/api)?\/v1(\/|$)/.test(pathname);

/** The route file pattern a /v1 path is served by (`/v1/placements/[id]`), or null for no route. */
export function v1Route(pathname: string): string | null {
  const path = pathname.replace(/^\/api(?=\/v1(\/|$))/, "").replace(/\/$/, "");
  const segments = path.split("/");
  // A static segment wins over [id], as in Next.js's own routing (/v1/placements/bulk).
  const candidates = Object.keys(V1_ROUTE_METHODS)
    .filter((route) => {
      const parts = route.split("/");
      return parts.length === segments.length && parts.every((p, i) => p === "[id]" || p === segments[i]);
    })
    .sort((a, b) => a.split("[id]").length - b.split("[id]").length);
  return candidates[0] ?? null;
}

/** What the route answers, as its `Allow` header lists it: HEAD with GET and OPTIONS, both served by Next.js. */
export function allowedMethods(route: string): string[] {
  const declared = V1_ROUTE_METHODS[route] ?? [];
  return [...declared, ...(declared.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort();
}

const errorJson = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });

/**
 * The answer to a /v1 request before it is routed: a JSON 404 for a path no route serves, a JSON
 * 405 with `Allow` for a method the route does not answer, or null to let the route handle it.
 */
export function v1Gate(method: string, pathname: string): Response | null {
  const route = v1Route(pathname);
  if (!route) return errorJson(404, "not_found", "no such endpoint; the endpoints are listed in /v1/openapi.json");
  const allow = allowedMethods(route);
  if (allow.includes(method.toUpperCase())) return null;
  return errorJson(
    405,
    "method_not_allowed",
    `${method.toUpperCase()} is not allowed on ${route.replace("[id]", "{id}")}; use ${allow.join(", ")}`,
    { Allow: allow.join(", ") },
  );
}
