import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import {
  auditEvents,
  debtors,
  exports,
  idempotencyRecords,
  journalEntries,
  outbox,
  placements,
  postings,
  remittances,
} from "@/db/schema";
import { testDriver } from "@/db/testing/config";
import { useTestDb } from "@/db/testing/test-db";
import { verifyLedger } from "@/server/services/ledger/verify";
import { hostileString, hostileValue, hostileVariant } from "@/server/testing/hostile";
import { buildIsolationFixture, type IsolationFixture } from "@/server/testing/isolation-fixture";
import { allowedMethods, v1Gate } from "./methods";
import { placementProblems } from "@/server/services/placements/placements";
import { assertIdempotencyKey } from "@/server/services/v1/idempotency";
import { openApiDocument } from "./openapi";
import { PlacementCreate, PlacementListQuery } from "./schemas";
import { newPlacementFromJson } from "./serialize";
import { v1RouteFiles, type RouteModule } from "./route-files";

// Route handlers read the app database through getDb(); here it is this file's test database.
const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

/**
 * Issue 22 finding 10: the /v1 contract, checked from the OpenAPI document itself (the Node
 * counterpart of Schemathesis). For every operation of the document, fast-check arbitraries are
 * derived from its parameter and body schemas: values the document allows, and hostile ones (wrong
 * types, NUL and control characters, broken patterns, out-of-range numbers, unknown fields, bad
 * keys). Each generated request goes to the route handler in-process, and its answer must be:
 * never a 5xx; a status the operation documents; the documented headers present and valid; a JSON
 * body valid (ajv) against the documented schema; and a refusal (4xx) leaves the database as it was.
 * CONTRACT_SEED and CONTRACT_RUNS override the seed and the runs per operation.
 */

type Schema = { [k: string]: unknown } & {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};
type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean; schema: Schema };
type Header = { required?: boolean; schema?: Schema };
type DocResponse = { headers?: Record<string, Header>; content?: Record<string, { schema: Schema }> };
type Operation = {
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, DocResponse>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const BASE = "http://clearbook.test";
const DOC_ID = `${BASE}/v1/openapi.json`;
const doc = openApiDocument(BASE) as unknown as Doc;
const SEED = Number(process.env.CONTRACT_SEED ?? 22);
/**
 * Runs per GET operation; a POST (which writes, and is checked row by row) gets half. `npm test`
 * checks the contract on PostgreSQL (300); the Neon-driver and embedded passes re-run this file for
 * their drivers, not for more of the contract (60).
 */
const RUNS = Number(process.env.CONTRACT_RUNS ?? (testDriver() === "postgres" ? 300 : 60));

const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split("/").pop()!]!) : s);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: DOC_ID, components: doc.components });
const validators = new Map<Schema, ValidateFunction>();
/** An ajv validator for a schema of the document (its $refs point into components). */
function validator(schema: Schema): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(
      schema.$ref ? { $ref: `${DOC_ID}${schema.$ref}` } : { ...schema, $id: `${BASE}/inline-${validators.size}.json` },
    );
    validators.set(schema, v);
  }
  return v;
}
const explain = (v: ValidateFunction) => ajv.errorsText(v.errors, { separator: "; " });

/** Ids the generator mixes in, so GETs find records: creditor A's own (2xx) and creditor B's (404). */
const knownIds: string[] = [];

/** An arbitrary of values the schema allows (leaves filtered through the schema's own pattern and lengths). */
function allowed(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.anyOf ?? s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf)!.map((x) => allowed(x, depth)));
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case "string":
      return allowedString(s);
    case "integer": {
      const min = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : (s.minimum ?? Number.MIN_SAFE_INTEGER);
      const max = s.maximum ?? Number.MAX_SAFE_INTEGER;
      return fc.oneof(
        fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }),
        fc.constantFrom(min, max),
        fc.maxSafeInteger().filter((n) => n >= min && n <= max),
      );
    }
    case "number":
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(allowed(s.items ?? {}, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case "object": {
      const props = Object.entries(s.properties ?? {});
      if (!props.length) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }));
      return fc.record(Object.fromEntries(props.map(([k, v]) => [k, allowed(v, depth + 1)])), {
        requiredKeys: s.required ?? [],
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const years = { min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true };
function allowedString(s: Schema): fc.Arbitrary<string> {
  const pattern = s.pattern ? new RegExp(s.pattern, "u") : null;
  const fits = (v: string) =>
    v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity) && (!pattern || pattern.test(v));
  let base: fc.Arbitrary<string>;
  switch (s.format) {
    case "date":
      base = fc.oneof(
        fc.date(years).map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom("0001-01-01", "9999-12-31", "2024-02-29", "0000-01-01"),
      );
      break;
    case "date-time":
      base = fc.oneof(
        fc.date(years).map((d) => d.toISOString()),
        fc
          .tuple(fc.date(years), fc.constantFrom("+14:00", "-12:00", "+05:30", "+23:59"))
          .map(([d, off]) => d.toISOString().replace(/\.\d+Z$/, off)),
        fc.constantFrom("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-23:59", "2026-06-30T12:00:00.5Z"),
      );
      break;
    case "uuid":
      base = fc
        .oneof(
          fc.uuid(),
          fc.nat().map((i) => knownIds[i % knownIds.length] ?? ""),
        )
        .filter(Boolean);
      break;
    case "email":
      base = fc.emailAddress();
      break;
    default:
      base = pattern
        ? fc.stringMatching(pattern, { size: "xsmall" })
        : fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40), unit: "grapheme" });
  }
  return base.filter(fits);
}

/** A value the schema refuses, or a hostile one (which it may or may not refuse). */
function refused(schema: Schema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const options: Array<fc.Arbitrary<unknown>> = [hostileValue(), hostileString()];
  if (s.type === "integer")
    options.push(
      fc.constantFrom(
        (s.maximum ?? 0) + 1,
        (s.minimum ?? s.exclusiveMinimum ?? 0) - 1,
        0.5,
        "12",
        "1e3",
        Number.MAX_SAFE_INTEGER + 2,
      ),
    );
  if (s.type === "string" && s.maxLength) options.push(fc.constant("x".repeat(s.maxLength + 1)));
  if (s.type === "string" && s.pattern) {
    const pattern = new RegExp(s.pattern, "u");
    const near = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("", " ", "\t", " \n ", "==", "a b", "0000-01-01"),
    );
    options.push(near.filter((v) => !pattern.test(v)));
  }
  if (s.enum) options.push(fc.constantFrom(...s.enum.map((e) => String(e).toLowerCase() + "x"), ""));
  return fc.oneof(...options);
}

/** A query or path value as the wire carries it: a string. */
const wire = (v: unknown) => (typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));
/** What a URL path segment can carry at all (a lone surrogate cannot be percent-encoded). */
const sendable = (v: string) => {
  try {
    encodeURIComponent(v);
    return true;
  } catch {
    return false;
  }
};
/** What a header value can be at all (the fetch Request refuses the rest before any server sees it). */
const headerSafe = (v: string) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v) || v === "";

type Generated = {
  params: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: { json: unknown } | { raw: string; contentType?: string };
  auth: "key" | "none" | "wrong";
  hostile: boolean;
};

function requestArbitrary(op: Operation): fc.Arbitrary<Generated> {
  const path = op.parameters.filter((p) => p.in === "path");
  const query = op.parameters.filter((p) => p.in === "query");
  const headers = op.parameters.filter((p) => p.in === "header");
  const bodySchema = op.requestBody?.content["application/json"]?.schema;

  const build = (hostile: boolean) => {
    const pathArb = fc.record(
      Object.fromEntries(
        path.map((p) => [
          p.name,
          (hostile ? fc.oneof(allowed(p.schema), refused(p.schema)) : allowed(p.schema)).map(wire).filter(sendable),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const queryArb = fc
      .tuple(
        ...query.map((p) =>
          fc.option(
            (hostile ? fc.oneof(allowed(p.schema), refused(p.schema)) : allowed(p.schema)).map(
              (v) => [p.name, wire(v)] as [string, string],
            ),
            { nil: undefined, freq: 2 },
          ),
        ),
      )
      .map((pairs) => pairs.filter((p): p is [string, string] => p !== undefined));
    const extraQuery = hostile
      ? fc.option(fc.tuple(fc.oneof(hostileString(), fc.constant("unknown")), hostileString()), { nil: undefined })
      : fc.constant(undefined);
    const headerArb = fc
      .tuple(
        ...headers.map((p) =>
          fc.option(
            (hostile ? fc.oneof(allowed(p.schema), refused(p.schema)) : allowed(p.schema))
              .map(wire)
              .filter(headerSafe)
              .map((v) => [p.name, v] as [string, string]),
            { nil: undefined },
          ),
        ),
      )
      .map((pairs) => Object.fromEntries(pairs.filter((p): p is [string, string] => p !== undefined)));
    const bodyArb: fc.Arbitrary<Generated["body"]> = !bodySchema
      ? fc.constant(undefined)
      : hostile
        ? fc.oneof(
            {
              weight: 6,
              arbitrary: allowed(bodySchema)
                .chain((v) => hostileVariant(v, { unknownFields: true }))
                .map((json) => ({ json })),
            },
            {
              weight: 1,
              arbitrary: fc.oneof(
                fc
                  .constantFrom("", " ", "{", "[]", "null", '{"a":1}{', "\u0000", '{"x":"\\ud800"}')
                  .map((raw) => ({ raw })),
                fc.string({ maxLength: 30 }).map((raw) => ({ raw })),
                allowed(bodySchema).map((v) => ({ raw: JSON.stringify(v), contentType: "text/plain" })),
              ),
            },
          )
        : allowed(bodySchema).map((json) => ({ json }));
    const auth = hostile
      ? fc.constantFrom<Generated["auth"]>("key", "key", "key", "key", "none", "wrong")
      : fc.constant<Generated["auth"]>("key");
    return fc.tuple(pathArb, queryArb, extraQuery, headerArb, bodyArb, auth).map(([params, q, extra, h, body, a]) => ({
      params,
      query: extra ? [...q, extra] : q,
      headers: h,
      body,
      auth: a,
      hostile,
    }));
  };
  return fc.oneof({ weight: 1, arbitrary: build(false) }, { weight: 1, arbitrary: build(true) });
}

/** The route module that serves a document path ("/v1/placements/{id}" → app/api/v1/placements/[id]/route.ts). */
const routeModules = new Map<string, RouteModule>();

describe("/v1 contract, from the OpenAPI document", () => {
  const t = useTestDb();
  let fx: IsolationFixture;
  let requests = 0;
  // The tables as the last request left them: the next request's "before" (nothing else writes here).
  let last: Record<string, unknown> | undefined;
  const started = Date.now();
  const statuses = new Map<string, number>();

  /** What a refusal must leave as it was: creditor A's rows, and every table a request could write. */
  const written = async () =>
    (
      (await t.db.execute(sql`select
        (select count(*) from ${placements} where ${placements.creditorId} = ${fx.a.creditorId}) as placements,
        (select coalesce(max(${placements.updatedAt})::text, '') from ${placements} where ${placements.creditorId} = ${fx.a.creditorId}) as placements_updated,
        (select count(*) from ${debtors} where ${debtors.creditorId} = ${fx.a.creditorId}) as debtors,
        (select count(*) from ${remittances}) as remittances,
        (select count(*) from ${exports}) as exports,
        (select count(*) from ${auditEvents}) as audit,
        (select count(*) from ${idempotencyRecords}) as idempotency,
        (select count(*) from ${outbox}) as outbox,
        (select count(*) from ${journalEntries}) as journal,
        (select count(*) from ${postings}) as postings`)) as unknown as { rows: Array<Record<string, unknown>> }
    ).rows[0];

  beforeAll(async () => {
    testDb.current = t.db;
    fx = await buildIsolationFixture(t.db);
    knownIds.push(
      fx.a.placementId,
      fx.a.quietPlacementId,
      fx.a.remittanceId,
      fx.a.exportId,
      fx.a.failedExportId,
      fx.a.statementId,
      fx.b.placementId,
      fx.b.exportId,
      fx.b.statementId,
    );
    for (const { route, file } of v1RouteFiles())
      routeModules.set(route.replace(/\[(\w+)\]/g, "{$1}"), (await import(file)) as RouteModule);
  });

  afterAll(() => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const byStatus = [...statuses]
      .sort()
      .map(([k, n]) => `${k}:${n}`)
      .join(" ");
    console.log(`[contract] ${requests} generated requests in ${seconds}s (seed ${SEED}); statuses ${byStatus}`);
  });

  it("the document passes the OpenAPI linter (Redocly, recommended rules) with no error and no warning", async () => {
    const config = await createConfig({ extends: ["recommended"], rules: { "info-license": "off" } });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: DOC_ID, config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it("the document refuses exactly what the server refuses, field by field (currency, text, dates, amounts, cursor, Idempotency-Key)", () => {
    const create = doc.components.schemas.PlacementCreate!;
    const docAccepts = validator({ $ref: "#/components/schemas/PlacementCreate" });
    const serverAccepts = (body: unknown) => {
      const parsed = PlacementCreate.safeParse(body);
      return parsed.success && placementProblems(newPlacementFromJson(parsed.data)).length === 0;
    };
    const base = {
      invoice_number: "DOC-1",
      invoice_amount: 100,
      currency: "USD",
      due_date: "2026-12-31",
      debtor_name: "Doc Debtor",
      debtor_email: "doc@example.test",
      qbo_invoice_id: "7",
    };
    const near = fc.constantFrom<unknown>(
      "",
      " ",
      "\t\n",
      "XYZ",
      "usd",
      "0000-01-01",
      "2026-02-30",
      10 ** 12,
      10 ** 12 + 1,
      0,
      -1,
    );
    for (const [field, schema] of Object.entries(create.properties!))
      fc.assert(
        fc.property(fc.oneof(allowed(schema), refused(schema), near, fc.string({ maxLength: 6 })), (value) => {
          const body = { ...base, [field]: value };
          expect(docAccepts(body), `${field} = ${JSON.stringify(value)}: ${explain(docAccepts)}`).toBe(
            serverAccepts(body),
          );
        }),
        { numRuns: 60, seed: SEED },
      );

    const listPlacements = doc.paths["/v1/placements"]!.get!;
    const cursorDoc = validator(listPlacements.parameters.find((p) => p.name === "cursor")!.schema);
    const keyDoc = validator(
      doc.paths["/v1/placements"]!.post!.parameters.find((p) => p.name === "Idempotency-Key")!.schema,
    );
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ unit: "binary-ascii", maxLength: 8 }),
      fc.constantFrom(
        "",
        " ",
        "eyJzIjoicGxhY2VkQXQifQ",
        "a".repeat(200),
        "a".repeat(201),
        "a".repeat(255),
        "a".repeat(256),
      ),
    );
    fc.assert(
      fc.property(text, (v) => {
        expect(cursorDoc(v), `cursor ${JSON.stringify(v)}`).toBe(PlacementListQuery.shape.cursor.safeParse(v).success);
        const keyOk = (() => {
          try {
            assertIdempotencyKey(v);
            return true;
          } catch {
            return false;
          }
        })();
        expect(keyDoc(v), `Idempotency-Key ${JSON.stringify(v)}`).toBe(keyOk);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it("every route file is in the document and every documented path has a route", () => {
    expect([...routeModules.keys()].filter((r) => r !== "/v1/openapi.json").sort()).toEqual(
      Object.keys(doc.paths).sort(),
    );
  });

  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

  const exercise = async ({ path, method, op }: (typeof operations)[number]) => {
    const handler = routeModules.get(path)?.[method as keyof RouteModule];
    expect(handler, `${method} ${path} has no handler`).toBeDefined();
    // A POST is checked request by request; a GET writes nothing at all, checked around the whole run.
    const unsafe = method !== "GET";
    last = undefined;
    const untouched = await written();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(op), async (g) => {
        const pathname = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(g.params[name] ?? ""));
        const url = new URL(pathname, BASE);
        for (const [k, v] of g.query) url.searchParams.append(k, v);
        const headers: Record<string, string> = { ...g.headers };
        if (g.auth === "key") headers.authorization = `Bearer ${fx.a.apiKey.secret}`;
        if (g.auth === "wrong") headers.authorization = `Bearer ${fx.a.revokedApiKey.secret}`;
        let body: string | undefined;
        if (g.body && "json" in g.body) {
          headers["content-type"] = "application/json";
          body = JSON.stringify(g.body.json);
        } else if (g.body) {
          headers["content-type"] = g.body.contentType ?? "application/json";
          body = g.body.raw;
        }
        const before = unsafe ? (last ??= await written()) : undefined;
        const res = await handler!(new Request(url, { method, headers, body }), {
          params: Promise.resolve(g.params),
        });
        // Taken before any check can throw, so the next request's "before" is always current.
        const after = unsafe ? (last = await written()) : undefined;
        requests += 1;
        const key = `${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        const label = `${method} ${url.pathname}${url.search.slice(0, 300)} ${String(body).slice(0, 300)}`;
        const text = await res.text();

        expect(res.status, `${label} → ${text.slice(0, 500)}`).toBeLessThan(500);
        const documented = op.responses[String(res.status)];
        expect(documented, `${label}: status ${res.status} is not documented (${text.slice(0, 300)})`).toBeDefined();
        for (const [name, h] of Object.entries(documented!.headers ?? {})) {
          const value = res.headers.get(name);
          if (h.required) expect(value, `${label}: header ${name}`).not.toBeNull();
          if (value !== null && h.schema) {
            const v = validator(h.schema);
            expect(v(value), `${label}: header ${name}: ${explain(v)}`).toBe(true);
          }
        }
        const content = documented!.content?.["application/json"];
        if (content) {
          expect(res.headers.get("content-type"), label).toMatch(/^application\/json\b/);
          const v = validator(content.schema);
          const json: unknown = JSON.parse(text);
          expect(v(json), `${label}: ${res.status} body ${text.slice(0, 300)}: ${explain(v)}`).toBe(true);
        }
        if (unsafe && res.status >= 400)
          expect(after, `${label} was refused (${res.status}) but wrote`).toEqual(before);
      }),
      { numRuns: unsafe ? Math.ceil(RUNS / 2) : RUNS, seed: SEED, endOnFailure: true },
    );
    if (!unsafe) expect(await written(), `${method} ${path} wrote`).toEqual(untouched);
  };
  const cases = (method: string) =>
    operations.filter((o) => o.method === method).map((o) => [`${o.method} ${o.path}`, o] as const);

  // POSTs first: each refusal is checked against the rows the request before left.
  it.each([...cases("POST"), ...cases("GET")])(
    "%s: generated requests get documented answers, never a 5xx; refusals write nothing",
    (_name, o) => exercise(o),
    120_000,
  );

  it("every other method on every documented path is a JSON 405 with Allow", async () => {
    const v = validator({ $ref: "#/components/schemas/Error" });
    for (const path of Object.keys(doc.paths)) {
      const route = path.replace(/\{(\w+)\}/g, "[$1]");
      const concrete = path.replace("{id}", fx.a.placementId);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"]) {
        const res = v1Gate(method, concrete);
        if (doc.paths[path]![method.toLowerCase()]) {
          expect(res, `${method} ${path}`).toBeNull();
          continue;
        }
        expect(res?.status, `${method} ${path}`).toBe(405);
        expect(res!.headers.get("allow")).toBe(allowedMethods(route).join(", "));
        expect(v(await res!.json()), explain(v)).toBe(true);
        requests += 1;
      }
    }
  });

  it("ran a few thousand requests and the ledger is sound", async () => {
    const planned = operations.reduce((n, o) => n + (o.method === "GET" ? RUNS : Math.ceil(RUNS / 2)), 0);
    expect(requests).toBeGreaterThanOrEqual(planned);
    expect(await verifyLedger(t.db)).toEqual([]);
  });
});
