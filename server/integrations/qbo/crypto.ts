import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/server/env";

/**
 * OAuth tokens at rest: AES-256-GCM with a random 96-bit IV and the record it belongs to as
 * associated data, so a ciphertext copied into another row or field fails to decrypt.
 * Format (versioned so the scheme can change): `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url).
 */
const VERSION = "v1";
const DEV_LABEL = "clearbook-LOCAL-DEV-ONLY-token-key (never use in production)";

export type TokenKey = { key: Buffer; keyId: string; isDevKey: boolean };

export class TokenDecryptError extends Error {
  override readonly name = "TokenDecryptError";
}

const keyIdOf = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

/** A 32-byte key written as 64 hex characters or base64 (standard or url-safe). */
export function parseTokenKey(text: string): TokenKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error(
      "TOKEN_ENCRYPTION_KEY must be 32 bytes, written as 64 hex characters or base64 (e.g. `openssl rand -base64 32`).",
    );
  }
  return { key, keyId: keyIdOf(key), isDevKey: false };
}

/**
 * The key from TOKEN_ENCRYPTION_KEY. Unset in development or test → a fixed, clearly labelled
 * local key (tokens of a demo are not secrets worth a setup step); unset in production → refuse.
 */
export function tokenKeyFromEnv(): TokenKey {
  const e = env();
  if (e.TOKEN_ENCRYPTION_KEY) return parseTokenKey(e.TOKEN_ENCRYPTION_KEY);
  if (e.NODE_ENV === "production") {
    throw new Error(
      "TOKEN_ENCRYPTION_KEY is not set: QuickBooks tokens cannot be stored unencrypted in production. Set it to 32 random bytes (`openssl rand -base64 32`).",
    );
  }
  const key = createHash("sha256").update(DEV_LABEL).digest();
  return { key, keyId: keyIdOf(key), isDevKey: true };
}

/** An independent key for another purpose (e.g. signing OAuth state), derived with HKDF. */
export function deriveSubkey(master: TokenKey, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master.key, Buffer.alloc(0), `clearbook:${purpose}`, 32));
}

const b64 = (b: Buffer) => b.toString("base64url");

/** Encrypt `plaintext`, bound to `context` (e.g. `qbo:<connection id>:refresh`). */
export function encryptSecret(plaintext: string, key: TokenKey, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, key.keyId, b64(iv), b64(ct), b64(cipher.getAuthTag())].join(".");
}

/** Decrypt a value written by `encryptSecret` with the same key and context; any tampering throws. */
export function decryptSecret(sealed: string, key: TokenKey, context: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenDecryptError("Unrecognised token ciphertext format.");
  const [, keyId, ivText, ctText, tagText] = parts as [string, string, string, string, string];
  if (keyId !== key.keyId) {
    throw new TokenDecryptError(
      `Token was encrypted with key ${keyId}, but the configured key is ${key.keyId}: reconnect QuickBooks or restore the old key.`,
    );
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== 12 || tag.length !== 16) throw new TokenDecryptError("Token ciphertext is malformed.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new TokenDecryptError("Token ciphertext failed authentication (tampered, or the wrong record).");
  }
}
