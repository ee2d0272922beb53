/**
 * Where to send someone after signing in: a path on this site, or "/". Never another origin
 * (`//evil.example`, `/\evil.example`), and never a value with a control character or whitespace:
 * it becomes a Location header, and a line break there is an invalid header (a 500) or, on a lax
 * server, a header injection.
 */
export function safeDestination(value: unknown): string {
  const path = typeof value === "string" ? value : "";
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return /[\u0000-\u0020\u007f-\u009f]/.test(path) ? "/" : path;
}

/**
 * Auth.js's redirect rule with the same guard: a same-origin URL or path without control characters,
 * else the site's root.
 */
export function safeRedirect(url: string, baseUrl: string): string {
  if (/[\u0000-\u001f\u007f]/.test(url)) return baseUrl;
  if (url.startsWith("/")) return `${baseUrl}${safeDestination(url)}`;
  try {
    return new URL(url).origin === new URL(baseUrl).origin ? url : baseUrl;
  } catch {
    return baseUrl;
  }
}
