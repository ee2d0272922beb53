/**
 * TEST HELPERS: generators of bad and hostile input for the fuzz suites (fast-check). Each surface's
 * suite starts from a valid request and breaks it the ways clients and attackers do: wrong types,
 * huge and tiny numbers, NUL and control characters, unpaired surrogates, long strings, deep JSON,
 * unknown fields, duplicated ids.
 */
import fc from "fast-check";

/** Strings no well-behaved client sends, each a known way to break a server. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u0007\u001b[31m",
  "\r\nSet-Cookie: x=1",
  "\u202egnp.exe",
  "\ufeff",
  "'; drop table placements; --",
  "%00",
  "${jndi:ldap://x}",
  "<script>alert(1)</script>",
  "=cmd|' /C calc'!A0",
  "../../etc/passwd",
  "0000-01-01",
  "9999-12-31T23:59:59Z",
  "-271821-04-20T00:00:00Z",
  "1e400",
  "NaN",
  "null",
  "\u0085\u2028",
] as const;

/** Numbers at and past every boundary that matters (JSON safe integers, bigint, dates, signs). */
export const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  -1e13,
  1e15,
  2 ** 31,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  1e30,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MAX_VALUE,
] as const;

/** A hostile string: a nasty one, a long one, or random text with nasty pieces inside. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 10 }))
      .map((p) => p.join("")),
    fc.integer({ min: 300, max: 70_000 }).map((n) => "x".repeat(n)),
  );

/** A hostile number. */
export const hostileNumber = (): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** JSON nested `depth` levels deep (arrays or objects). */
export const deepJson = (depth: number, asObject = false): unknown => {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = asObject ? { d: v } : [v];
  return v;
};

/** Any hostile JSON value: the above, wrong types, random JSON, deep nesting. */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: hostileString() },
    { weight: 3, arbitrary: hostileNumber() },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { "\u0000": 1 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 3_000 }).map((d) => deepJson(d, d % 2 === 0)) },
  );

type Path = Array<string | number>;

/** Every path to a leaf (or empty container) of a JSON value. */
export function leafPaths(value: unknown, path: Path = []): Path[] {
  if (value && typeof value === "object" && Object.keys(value).length) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [path];
}

/** A copy of `value` with the node at `path` replaced (the root when `path` is empty). */
export function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/**
 * Hostile variants of a valid JSON request: one field replaced by a hostile value, an unknown
 * field (with a hostile name or value) added, or the whole body replaced.
 */
export function hostileVariant(valid: unknown, opts: { unknownFields?: boolean } = {}): fc.Arbitrary<unknown> {
  const paths = leafPaths(valid);
  const replaced = fc.tuple(fc.constantFrom(...paths), hostileValue()).map(([path, v]) => replaceAt(valid, path, v));
  const options: Array<fc.Arbitrary<unknown>> = [replaced, replaced, hostileValue()];
  if (opts.unknownFields && valid && typeof valid === "object" && !Array.isArray(valid))
    options.push(
      fc
        .tuple(fc.oneof(hostileString(), fc.constantFrom("__proto__", "constructor", "extra")), hostileValue())
        .map(([k, v]) => ({ ...(valid as object), [k]: v })),
    );
  return fc.oneof(...options);
}
