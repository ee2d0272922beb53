import type { Db } from "@/db/client";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/domain/actor";
import { authenticateApiKey } from "@/server/services/identity/api-keys";
import { requestFingerprint, withIdempotency } from "@/server/services/v1/idempotency";
import { errorResponse, json, readJsonBody } from "./http";

/** What a /v1 handler works with: the key's creditor (never anything from the request), and the key as actor. */
export type V1Call = { req: Request; db: Db; creditorId: string; actor: Actor; params: Record<string, string> };
export type V1Result = { status: number; body: unknown };
type RouteContext = { params: Promise<Record<string, string>> };

async function authorize(req: Request, ctx: RouteContext | undefined): Promise<V1Call> {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AppError("UNAUTHORIZED", "send your API key as `Authorization: Bearer cb_live_…`");
  const db = await getDb();
  const key = await authenticateApiKey(db, match[1]!);
  return {
    req,
    db,
    creditorId: key.creditorId,
    actor: { type: "api_key", id: key.keyId },
    params: (await ctx?.params) ?? {},
  };
}

// The rewrite serves /v1/* from /api/v1/*: both spellings are one endpoint for idempotency.
const endpoint = (req: Request) => new URL(req.url).pathname.replace(/^\/api(?=\/v1\/)/, "");

/** A GET endpoint: bearer key, then the handler; errors become the /v1 error body. */
export function v1Get(handle: (call: V1Call) => Promise<V1Result>) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      const out = await handle(await authorize(req, ctx));
      return json(out.status, out.body);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * A POST endpoint: bearer key (before the body is read), a size-capped JSON body, and the
 * `Idempotency-Key` honoured: the handler then runs inside the key's transaction, and a retry with
 * the same key and body gets the stored answer with `Idempotent-Replayed: true`.
 */
export function v1Post(opts: { maxBytes: number }, handle: (call: V1Call & { body: unknown }) => Promise<V1Result>) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      const call = await authorize(req, ctx);
      const body = await readJsonBody(req, opts.maxBytes);
      const key = req.headers.get("idempotency-key");
      if (key === null) {
        const out = await handle({ ...call, body });
        return json(out.status, out.body);
      }
      const fingerprint = requestFingerprint("POST", endpoint(req), body);
      const out = await withIdempotency(call.db, { creditorId: call.creditorId, key, fingerprint }, (tx) =>
        handle({ ...call, db: tx, body }),
      );
      return json(out.status, out.body, out.replayed ? { "Idempotent-Replayed": "true" } : {});
    } catch (err) {
      return errorResponse(err, req.headers.get("idempotency-key") ? "same_key" : "send_key");
    }
  };
}
