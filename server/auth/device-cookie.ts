import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The "previously seen device" of an account (OWASP's device cookies): after a successful sign-in
 * the browser gets a cookie naming a random device id, signed for that email. A sign-in that carries
 * a valid one for its email is throttled per device only (sign-in.ts), so failures anywhere else
 * can lock out unknown browsers but never the owner's own. Nothing is stored server-side; the
 * signature (AUTH_SECRET) and the age make a token valid.
 */
export const DEVICE_COOKIE = "cb_device";
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;

const mac = (secret: string, email: string, id: string, issued: number) =>
  createHmac("sha256", secret).update(`device|${email}|${id}|${issued}`).digest("base64url");

/** A new device token for `email` (`<id>.<issued>.<signature>`). */
export function issueDeviceToken(secret: string, email: string, now = Date.now()): string {
  const id = randomBytes(16).toString("base64url");
  const issued = Math.floor(now / 1000);
  return `${id}.${issued}.${mac(secret, email, id, issued)}`;
}

/** The device id of a token signed for `email` and not older than the cookie's life, else null. */
export function verifyDeviceToken(
  secret: string,
  token: string | null | undefined,
  email: string,
  now = Date.now(),
): string | null {
  const m = /^([\w-]{22})\.(\d{1,12})\.([\w-]{43})$/.exec(token ?? "");
  if (!m) return null;
  const [, id, issuedText, sig] = m as unknown as [string, string, string, string];
  const issued = Number(issuedText);
  if (issued * 1000 > now + 60_000 || now - issued * 1000 > DEVICE_COOKIE_MAX_AGE_S * 1000) return null;
  const expected = Buffer.from(mac(secret, email, id, issued));
  const got = Buffer.from(sig);
  return got.length === expected.length && timingSafeEqual(got, expected) ? id : null;
}

/** The device cookie's value in a Cookie header, if any. */
export function deviceCookieOf(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return rest.join("=");
  }
  return null;
}
