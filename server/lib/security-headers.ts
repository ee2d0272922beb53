/**
 * The browser-side protections every response carries. Pages get a Content-Security-Policy with a
 * fresh nonce per request (proxy.ts: Next puts the nonce on its own scripts, the root layout on the
 * theme script); every other response (API, JSON, files) gets a policy that allows nothing at all.
 * No relative imports of the app: next.config.ts loads this file too.
 */

/** A page's policy: scripts only with this request's nonce (and what they load), never `unsafe-eval` outside `next dev`. */
export function pageContentSecurityPolicy(nonce: string, opts: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonce-carrying Next runtime loads (its chunks) are trusted too.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes (React, Radix positioning, charts) cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For everything that is not a page: nothing may run, load or frame it. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** The same on every response: no framing, no sniffing, no leaked paths, no powerful features; HSTS in production. */
export function staticSecurityHeaders(opts: { production: boolean }): Array<{ key: string; value: string }> {
  return [
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    {
      key: "Permissions-Policy",
      value:
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    // Browsers ignore HSTS over plain HTTP, so a local `next start` is unaffected; a deployment is on HTTPS.
    ...(opts.production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
