import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { linkKey } from "./config";
import type { FileMeta } from "./files";

/** Ten minutes, as the statements and exports pages need: long enough to click, short enough to leak little. */
const DEFAULT_TTL_SECONDS = 600;
/** S3's own cap on a presigned URL; no link outlives it. */
const MAX_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Where download links are served (app/api/files/[token]/route.ts). */
export const DOWNLOAD_PATH = "/api/files/";

export type DownloadLink = { url: string; expiresAt: Date };

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
const sign = (fileId: string, exp: number, name: string) =>
  createHmac("sha256", linkKey()).update(`clearbook-file-link:v1\n${fileId}\n${exp}\n${name}`).digest("base64url");

/**
 * A signed, expiring download link for a stored file: `/api/files/<token>`, the token carrying the
 * file id, the expiry (unix seconds) and the download name under an HMAC-SHA256 (FILE_LINK_SECRET,
 * else derived from AUTH_SECRET). Anyone holding the link can download the file until it expires:
 * mint it only after checking that the session or API key may see this file (its creditor is the
 * caller's), and hand it only to that caller. Never expires after the file does.
 * `url` is absolute with `baseUrl` (e.g. the request's origin for /v1) or APP_URL, else a path.
 */
export function mintDownloadLink(
  file: Pick<FileMeta, "id" | "name" | "expiresAt">,
  opts: { ttlSeconds?: number; filename?: string; baseUrl?: string; now?: Date } = {},
): DownloadLink {
  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS)
    throw new AppError("BAD_REQUEST", `A download link lives 1 to ${MAX_TTL_SECONDS} seconds (got ${ttl}).`);
  const name = opts.filename ?? file.name;
  if (!name || name.length > 255) throw new AppError("BAD_REQUEST", "A download name has 1 to 255 characters.");
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  let exp = nowSeconds + ttl;
  if (file.expiresAt) exp = Math.min(exp, Math.floor(file.expiresAt.getTime() / 1000));
  const token = `${file.id}.${exp}.${b64(name)}.${sign(file.id, exp, name)}`;
  const path = `${DOWNLOAD_PATH}${token}`;
  const base = opts.baseUrl ?? env().APP_URL;
  return { url: base ? new URL(path, base).toString() : path, expiresAt: new Date(exp * 1000) };
}

export type LinkCheck =
  | { ok: true; fileId: string; name: string; expiresAt: Date }
  | { ok: false; reason: "tampered" | "expired"; expiresAt?: Date };

const tokenShape = z.tuple([
  z.uuid(),
  z.string().regex(/^\d{1,12}$/),
  z.string().regex(/^[\w-]*$/),
  z.string().regex(/^[\w-]{43}$/),
]);

/** Check a link's token: `tampered` for anything not minted by mintDownloadLink with our key (checked first), then `expired`. */
export function verifyDownloadToken(token: string, now = new Date()): LinkCheck {
  const parts = tokenShape.safeParse(token.split("."));
  if (!parts.success) return { ok: false, reason: "tampered" };
  const [fileId, expText, nameB64, sig] = parts.data;
  const exp = Number(expText);
  const name = Buffer.from(nameB64, "base64url").toString("utf8");
  if (b64(name) !== nameB64) return { ok: false, reason: "tampered" };
  // Compared as text: base64url decoding ignores a last character's spare bits, so bytes would accept look-alikes.
  if (!timingSafeEqual(Buffer.from(sign(fileId, exp, name)), Buffer.from(sig)))
    return { ok: false, reason: "tampered" };
  const expiresAt = new Date(exp * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired", expiresAt };
  return { ok: true, fileId, name, expiresAt };
}
