import { isIP } from "node:net";

/** The address recorded when the client's cannot be known. Never throttled as one address: it is everyone's. */
export const UNKNOWN_CLIENT = "unknown";

/** Headers as a route handler sees them (a `Headers` object, or anything with the same `get`). */
export type HeaderSource = { get(name: string): string | null };

// What proxies really write: a bare literal, IPv6 in brackets, or either with a port (Azure, some
// load balancers). A dual-stack proxy reports an IPv4 client as ::ffff:a.b.c.d; one bucket per client.
function parseEntry(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  const kind = isIP(s);
  if (kind === 4) return s;
  if (kind !== 6) return null;
  const lower = s.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  return mapped && isIP(mapped[1]!) === 4 ? mapped[1]! : lower;
}

/**
 * The client's address, read only from what our own proxies wrote. Each proxy in front of the app
 * appends the address it received the request from to X-Forwarded-For, so with `trustedHops` = N the
 * N-th entry from the right was written by the outermost proxy and is the client; everything to its
 * left came with the request and may be forged (a fresh throttle bucket per request otherwise).
 * - 0 hops: nothing in the headers can be trusted, and a route handler cannot see the socket → unknown.
 * - fewer entries than hops: the request bypassed a proxy, so even the picked entry is the client's own → unknown.
 * - no X-Forwarded-For at all, one hop: X-Real-IP, which a single proxy configured that way sets in
 *   its place (behind more hops it would name the proxy before, one address for everyone) → else unknown.
 * - an entry that is not an IPv4 or IPv6 literal → unknown.
 */
export function clientAddress(headers: HeaderSource | undefined, trustedHops: number): string {
  if (!headers || !Number.isInteger(trustedHops) || trustedHops < 1) return UNKNOWN_CLIENT;
  // Several X-Forwarded-For headers arrive joined by ", " in order, which keeps positions intact.
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded === null) {
    const real = trustedHops === 1 ? headers.get("x-real-ip") : null;
    return (real !== null && parseEntry(real)) || UNKNOWN_CLIENT;
  }
  const entries = forwarded.split(",");
  if (entries.length < trustedHops) return UNKNOWN_CLIENT;
  return parseEntry(entries[entries.length - trustedHops]!) ?? UNKNOWN_CLIENT;
}
