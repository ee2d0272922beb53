import { openApiDocument } from "@/server/api/openapi";

export const runtime = "nodejs";

/** The OpenAPI 3.1 document of /v1 (public: it describes the API, it holds no data). */
export function GET(req: Request) {
  return Response.json(openApiDocument(new URL(req.url).origin), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
