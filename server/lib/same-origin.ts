/** Headers as a route handler sees them. */
type HeaderSource = { get(name: string): string | null };

/**
 * Why a state-changing request from a browser is not from this site, or null. SameSite=Lax cookies
 * still travel with a POST from a sibling subdomain (same site, other origin), so every mutation
 * checks where it came from:
 * - `Sec-Fetch-Site` (every current browser sends it to HTTPS and localhost): only `same-origin`;
 * - otherwise `Origin` (browsers send it on every POST): this site's origin, as the request reached
 *   us or as APP_URL names it;
 * - neither: not a browser, so no ambient cookie to abuse (a script with a stolen cookie can forge
 *   anything anyway).
 */
export function crossOriginProblem(headers: HeaderSource, requestUrl: string, appUrl?: string): string | null {
  const site = headers.get("sec-fetch-site");
  if (site !== null)
    return site === "same-origin" ? null : `the request came from another site (Sec-Fetch-Site: ${site})`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  const allowed = [new URL(requestUrl).origin, ...(appUrl ? [new URL(appUrl).origin] : [])];
  return allowed.includes(origin) ? null : `the request came from another origin (${origin})`;
}
