import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNKNOWN_CLIENT, clientAddress } from "./client-ip";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientAddress", () => {
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ["one proxy (Vercel, a load balancer): the last entry", { "x-forwarded-for": "203.0.113.9" }, 1, "203.0.113.9"],
    [
      "a forged first entry is ignored behind one proxy",
      { "x-forwarded-for": "1.1.1.1, 203.0.113.9" },
      1,
      "203.0.113.9",
    ],
    [
      "two proxies: the second entry from the right",
      { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" },
      2,
      "203.0.113.9",
    ],
    ["fewer entries than hops: the request bypassed a proxy", { "x-forwarded-for": "203.0.113.9" }, 2, UNKNOWN_CLIENT],
    [
      "no proxy: the headers are the client's own",
      { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" },
      0,
      UNKNOWN_CLIENT,
    ],
    ["no headers at all", {}, 1, UNKNOWN_CLIENT],
    ["X-Real-IP when one proxy sets it instead", { "x-real-ip": "198.51.100.4" }, 1, "198.51.100.4"],
    [
      "X-Real-IP is ignored when X-Forwarded-For is there",
      { "x-forwarded-for": "203.0.113.9", "x-real-ip": "6.6.6.6" },
      1,
      "203.0.113.9",
    ],
    [
      "X-Real-IP is ignored behind two proxies (it names the inner one's peer)",
      { "x-real-ip": "10.0.0.2" },
      2,
      UNKNOWN_CLIENT,
    ],
    ["IPv6, lower-cased", { "x-forwarded-for": "2001:DB8::1" }, 1, "2001:db8::1"],
    ["IPv6 in brackets with a port", { "x-forwarded-for": "[2001:db8::1]:443" }, 1, "2001:db8::1"],
    ["IPv4 with a port", { "x-forwarded-for": "203.0.113.9:51234" }, 1, "203.0.113.9"],
    ["IPv4-mapped IPv6 is the IPv4 client", { "x-forwarded-for": "::ffff:203.0.113.9" }, 1, "203.0.113.9"],
    ["a host name is not an address", { "x-forwarded-for": "evil.example" }, 1, UNKNOWN_CLIENT],
    ["garbage in the trusted position", { "x-forwarded-for": "203.0.113.9, unknown" }, 1, UNKNOWN_CLIENT],
    ["an empty trusted position", { "x-forwarded-for": "203.0.113.9," }, 1, UNKNOWN_CLIENT],
    ["an out-of-range octet", { "x-forwarded-for": "203.0.113.300" }, 1, UNKNOWN_CLIENT],
    ["a malformed X-Real-IP", { "x-real-ip": "not an ip" }, 1, UNKNOWN_CLIENT],
  ];
  it.each(cases)("%s", (_name, headers, hops, expected) => expect(clientAddress(h(headers), hops)).toBe(expected));

  it("reads several X-Forwarded-For headers as one list, in order", () => {
    const headers = new Headers();
    headers.append("x-forwarded-for", "6.6.6.6");
    headers.append("x-forwarded-for", "203.0.113.9, 10.0.0.2");
    expect(clientAddress(headers, 2)).toBe("203.0.113.9");
  });

  it("answers unknown without a request, or with a nonsensical hop count", () => {
    expect(clientAddress(undefined, 1)).toBe(UNKNOWN_CLIENT);
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9" }), -1)).toBe(UNKNOWN_CLIENT);
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9" }), 1.5)).toBe(UNKNOWN_CLIENT);
  });
});

describe("clientAddress (properties)", () => {
  const address = fc.oneof(fc.ipV4(), fc.ipV6());
  // Anything a client can put in the header before our proxies append to it (no commas: those split entries).
  const forged = fc.array(
    fc.oneof(
      address,
      fc.string().filter((s) => !s.includes(",")),
    ),
    { maxLength: 6 },
  );
  const chain = fc
    .integer({ min: 1, max: 5 })
    .chain((hops) =>
      fc.tuple(fc.constant(hops), address, fc.array(fc.ipV4(), { minLength: hops - 1, maxLength: hops - 1 })),
    );
  const xff = (...parts: string[][]) => h({ "x-forwarded-for": parts.flat().join(", ") });

  it("picks what the outermost trusted proxy recorded, whatever the client prepended", () => {
    fc.assert(
      fc.property(forged, chain, (prefix, [hops, client, proxies]) => {
        const picked = clientAddress(xff(prefix, [client], proxies), hops);
        expect(picked).toBe(clientAddress(xff([client], proxies), hops));
        if (isIP(client) === 4) expect(picked).toBe(client);
        else expect(picked === client.toLowerCase() || client.toLowerCase() === `::ffff:${picked}`).toBe(true);
      }),
    );
  });

  it("answers an address literal or unknown, never anything a client wrote verbatim otherwise", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        fc.integer({ min: 0, max: 5 }),
        (forwarded, real, hops) => {
          const headers = h(
            real === undefined ? { "x-forwarded-for": forwarded } : { "x-forwarded-for": forwarded, "x-real-ip": real },
          );
          const picked = clientAddress(headers, hops);
          expect(picked === UNKNOWN_CLIENT || isIP(picked) !== 0).toBe(true);
        },
      ),
    );
  });

  it("with no trusted proxy, no header counts", () => {
    fc.assert(
      fc.property(address, address, (a, b) => {
        expect(clientAddress(h({ "x-forwarded-for": a, "x-real-ip": b }), 0)).toBe(UNKNOWN_CLIENT);
      }),
    );
  });
});
