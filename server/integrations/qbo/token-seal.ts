import { type TokenKey, decryptSecret, encryptSecret } from "./crypto";
import type { QboTokenSet } from "./oauth";

/**
 * How a connection's tokens are sealed in `qbo_connections`: each field encrypted with the
 * creditor and field name as associated data, so a ciphertext cannot be replayed in another row.
 */
const aad = (creditorId: string, field: "access" | "refresh") => `qbo:${creditorId}:${field}`;

/** Column values for a fresh token set. */
export function sealTokenSet(creditorId: string, t: QboTokenSet, key: TokenKey) {
  return {
    accessTokenEnc: encryptSecret(t.accessToken, key, aad(creditorId, "access")),
    refreshTokenEnc: encryptSecret(t.refreshToken, key, aad(creditorId, "refresh")),
    accessTokenExpiresAt: t.accessTokenExpiresAt,
    refreshTokenExpiresAt: t.refreshTokenExpiresAt,
    refreshTokenHardExpiresAt: t.refreshTokenHardExpiresAt ?? null,
  };
}

/** Decrypt one sealed token field. */
export function openToken(creditorId: string, field: "access" | "refresh", sealed: string, key: TokenKey): string {
  return decryptSecret(sealed, key, aad(creditorId, field));
}
