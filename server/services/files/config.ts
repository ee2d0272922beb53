import { createHash, hkdfSync } from "node:crypto";
import { env } from "@/server/env";
import { type S3Config, type S3Transport, createS3Transport } from "@/server/integrations/s3/client";

/** Only for local development and tests, like Auth.js's fallback: production refuses to sign links without a secret. */
const DEV_LINK_LABEL = "clearbook-LOCAL-DEV-ONLY-file-link-key (never use in production)";

/** The backend new files go to (FILE_STORE). */
export const configuredBackend = (): "database" | "s3" => env().FILE_STORE;

/** The largest file accepted (FILE_MAX_BYTES). */
export const maxFileBytes = (): number => env().FILE_MAX_BYTES;

/** How S3 downloads are served (S3_DOWNLOAD). */
export const s3DownloadMode = (): "redirect" | "proxy" => env().S3_DOWNLOAD;

function s3ConfigFromEnv(): S3Config {
  const e = env();
  if (!e.S3_BUCKET) throw new Error("S3 storage needs S3_BUCKET (and S3_ENDPOINT for a server other than AWS).");
  if (!!e.S3_ACCESS_KEY_ID !== !!e.S3_SECRET_ACCESS_KEY)
    throw new Error("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the SDK's default credentials).");
  return {
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}

// One client per configuration (a connection pool each); tests switch configurations between files.
const transports = new Map<string, S3Transport>();

/** The S3 transport of the configured bucket; throws naming the missing setting when S3 is not configured. */
export function s3Transport(): S3Transport {
  const config = s3ConfigFromEnv();
  const cacheKey = JSON.stringify(config);
  let transport = transports.get(cacheKey);
  if (!transport) transports.set(cacheKey, (transport = createS3Transport(config)));
  return transport;
}

/**
 * The key download links are signed with: FILE_LINK_SECRET, else derived from AUTH_SECRET (HKDF,
 * its own purpose, so a link signature is never a session signature); without either, a fixed
 * development key outside production and a refusal in production.
 */
export function linkKey(): Buffer {
  const e = env();
  const master = e.FILE_LINK_SECRET ?? e.AUTH_SECRET;
  if (!master && e.NODE_ENV === "production")
    throw new Error("Download links need FILE_LINK_SECRET or AUTH_SECRET: set one (e.g. `openssl rand -base64 32`).");
  const ikm = master ? Buffer.from(master, "utf8") : createHash("sha256").update(DEV_LINK_LABEL).digest();
  return Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), "clearbook:file-links", 32));
}
