import type { Db } from "@/db/client";
import { s3DownloadMode, s3Transport } from "./config";
import { attachmentDisposition } from "./disposition";
import { contentOf, readableFileRow } from "./files";
import { verifyDownloadToken } from "./links";

const NO_STORE = "private, no-store";
/** A redirect's presigned URL lives at most this long (and never past the link). */
const MAX_REDIRECT_SECONDS = 300;

const problem = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * Answer a download link (GET /api/files/<token>). The signature is the authorization: no session
 * or key is asked for, because the link was minted after the minting service checked one.
 * Tampered or malformed → 403; expired → 410; a file that is missing, deleted or past its own
 * expiry → 404. Otherwise the content streams with its type, length, `attachment` disposition and
 * SHA-256, never cached; an S3 file redirects (302) to a presigned URL that expires no later than
 * the link, unless S3_DOWNLOAD=proxy.
 */
export async function serveDownload(db: Db, token: string, now = new Date()): Promise<Response> {
  const link = verifyDownloadToken(token, now);
  if (!link.ok && link.reason === "tampered")
    return problem(403, "forbidden", "This download link is not valid: ask for a new link where you found it.");
  if (!link.ok)
    return problem(
      410,
      "gone",
      `This download link expired at ${link.expiresAt!.toISOString()}: ask for a new link where you found it.`,
    );
  const row = await readableFileRow(db, link.fileId, now);
  if (!row) return problem(404, "not_found", "This file no longer exists.");
  const sha256 = row.sha256!;
  const disposition = attachmentDisposition(link.name);
  if (row.backend === "s3" && s3DownloadMode() === "redirect") {
    const remaining = Math.floor((link.expiresAt.getTime() - now.getTime()) / 1000);
    const location = await s3Transport().presignGet(row.objectKey!, {
      expiresIn: Math.max(1, Math.min(MAX_REDIRECT_SECONDS, remaining)),
      contentType: row.contentType,
      contentDisposition: disposition,
      cacheControl: NO_STORE,
    });
    return new Response(null, {
      status: 302,
      headers: { Location: location, "Cache-Control": NO_STORE, "Referrer-Policy": "no-referrer" },
    });
  }
  const body = await contentOf(db, row);
  return new Response(toWebStream(body), {
    status: 200,
    headers: {
      "Content-Type": row.contentType,
      // Next 16's `next start` drops Content-Length from route handlers (send-response.js,
      // FORBIDDEN_HEADERS) and sends the body chunked; other hosts and direct callers keep it.
      "Content-Length": String(row.size),
      "Content-Disposition": disposition,
      "Cache-Control": NO_STORE,
      "X-Content-Type-Options": "nosniff",
      "X-Content-SHA256": sha256,
      // RFC 9530's Repr-Digest, and RFC 3230's Digest that it replaces, for older clients.
      "Repr-Digest": `sha-256=:${Buffer.from(sha256, "hex").toString("base64")}:`,
      Digest: `sha-256=${Buffer.from(sha256, "hex").toString("base64")}`,
    },
  });
}

/** A pull-driven web stream: the next piece is read only when the client takes the previous one; a client that leaves stops the read. */
function toWebStream(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}
