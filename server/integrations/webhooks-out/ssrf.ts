import dns from "node:dns";
import net from "node:net";

/**
 * Server-side request forgery guard for outbound webhooks: a creditor chooses the URL, so it must
 * never reach our own network. Addresses are checked after DNS resolution, at connection time
 * (the socket's own lookup), so a name that resolves to a public address when the endpoint is
 * saved and to 127.0.0.1 later (DNS rebinding) is still refused.
 */

/** Ranges never called: loopback, private, carrier-grade NAT, link-local (cloud metadata at 169.254.169.254), unspecified, multicast, reserved. */
const BLOCKED_V4: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "unspecified"],
  ["127.0.0.0", 8, "loopback"],
  ["10.0.0.0", 8, "private"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["100.64.0.0", 10, "shared (carrier-grade NAT)"],
  ["169.254.0.0", 16, "link-local (cloud metadata)"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["198.18.0.0", 15, "benchmarking"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

const v4ToInt = (ip: string) => ip.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

function blockedV4(ip: string): string | null {
  const n = v4ToInt(ip);
  for (const [base, bits, why] of BLOCKED_V4) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) === (v4ToInt(base) & mask)) return why;
  }
  return null;
}

/** Expand an IPv6 address to its 8 groups (as numbers). */
function v6Groups(ip: string): number[] {
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":") : []);
  let left = parse(head);
  let right = parse(tail);
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
  const lastV4 = (parts: string[]) => {
    const last = parts.at(-1);
    if (last && last.includes(".")) {
      const n = v4ToInt(last);
      return [...parts.slice(0, -1), (n >>> 16).toString(16), (n & 0xffff).toString(16)];
    }
    return parts;
  };
  if (tail === undefined) left = lastV4(left);
  else right = lastV4(right);
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g || "0", 16));
}

function blockedV6(ip: string): string | null {
  const g = v6Groups(ip.toLowerCase().split("%")[0]!);
  if (g.every((x) => x === 0)) return "unspecified";
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and the NAT64 prefix: judge the IPv4 address inside.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
    return blockedV4(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`);
  if (g[0] === 0x64 && g[1] === 0xff9b) return blockedV4(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`);
  if ((g[0]! & 0xfe00) === 0xfc00) return "private (unique local, incl. fd00:ec2::254 metadata)";
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0]! & 0xff00) === 0xff00) return "multicast";
  return null;
}

/** Why an address must not be called (e.g. "loopback"), or null when it is a public address. */
export function blockedAddressReason(ip: string): string | null {
  const kind = net.isIP(ip);
  if (kind === 4) return blockedV4(ip);
  if (kind === 6) return blockedV6(ip);
  return "not an IP address";
}

export type AddressPolicy = { allowLoopback: boolean };

const isLoopbackReason = (why: string | null) => why === "loopback";

/** Thrown when a URL resolves to an address the policy refuses. */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${host} resolves to ${address}, a ${reason} address: webhooks are only sent to public addresses`);
    this.name = "BlockedAddressError";
  }
}

/** The check applied to each resolved address: null when allowed, else the error to refuse with. */
export function checkAddress(host: string, address: string, policy: AddressPolicy): BlockedAddressError | null {
  const why = blockedAddressReason(address);
  if (why === null || (policy.allowLoopback && isLoopbackReason(why))) return null;
  return new BlockedAddressError(host, address, why);
}

/**
 * A `lookup` for node:http(s) that resolves the name and refuses if ANY of its addresses is
 * blocked (a name mixing public and private addresses is refused whole, never raced).
 */
export function guardedLookup(policy: AddressPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const refused = checkAddress(hostname, a.address, policy);
        if (refused) return callback(refused, "", 0);
      }
      if ((options as dns.LookupOptions).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Resolve a URL's host now and check every address (used when an endpoint is saved, for a clear error up front). */
export async function assertPublicUrl(url: URL, policy: AddressPolicy): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = net.isIP(host) ? [{ address: host }] : await dns.promises.lookup(host, { all: true });
  for (const a of addresses) {
    const refused = checkAddress(host, a.address, policy);
    if (refused) throw refused;
  }
}
