import { z } from "zod";
import { businessMaxMinor } from "@/server/domain/amount-limits";
import { CURRENCIES, type CurrencyCode } from "@/server/domain/money";
import { env } from "@/server/env";
import { IDEMPOTENCY_KEY_PATTERN } from "@/server/services/v1/idempotency";
import { MAX_BODY_BYTES, MAX_BULK_BODY_BYTES } from "./http";
import * as S from "./schemas";

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};

/** The /v1 endpoints. The isolation suite checks this table against the route files, both ways. */
export const V1_ENDPOINTS = [
  {
    method: "post",
    path: "/v1/placements",
    operationId: "createPlacement",
    summary: "Place one invoice",
    body: S.PlacementCreate,
    ok: [201, S.Placement],
    maxBytes: MAX_BODY_BYTES,
  },
  {
    method: "post",
    path: "/v1/placements/bulk",
    operationId: "bulkCreatePlacements",
    summary: "Place up to 1,000 invoices, all or nothing",
    body: S.PlacementBulkCreate,
    ok: [201, S.PlacementBulkResult],
    maxBytes: MAX_BULK_BODY_BYTES,
  },
  {
    method: "get",
    path: "/v1/placements",
    operationId: "listPlacements",
    summary: "List placements",
    query: S.PlacementListQuery,
    ok: [200, S.PlacementList],
  },
  {
    method: "get",
    path: "/v1/placements/{id}",
    operationId: "getPlacement",
    summary: "Get one placement",
    ok: [200, S.Placement],
  },
  {
    method: "get",
    path: "/v1/remittances",
    operationId: "listRemittances",
    summary: "List remittance rows (reversals included)",
    query: S.RemittanceListQuery,
    ok: [200, S.RemittanceList],
  },
  {
    method: "get",
    path: "/v1/remittances/{id}",
    operationId: "getRemittance",
    summary: "Get one remittance row",
    ok: [200, S.Remittance],
  },
  {
    method: "post",
    path: "/v1/exports",
    operationId: "createExport",
    summary: "Request an export (rendered in the background)",
    body: S.ExportCreate,
    ok: [202, S.Export],
    notFound: "`filters.placement_id` names no placement of yours",
    maxBytes: MAX_BODY_BYTES,
  },
  {
    method: "get",
    path: "/v1/exports",
    operationId: "listExports",
    summary: "List your exports, newest first",
    query: S.ExportListQuery,
    ok: [200, S.ExportList],
  },
  {
    method: "get",
    path: "/v1/exports/{id}",
    operationId: "getExport",
    summary: "Get one export, with a fresh signed download link once it succeeded",
    ok: [200, S.Export],
  },
  {
    method: "get",
    path: "/v1/statements",
    operationId: "listStatements",
    summary: "List issued monthly statements (every version), newest month first",
    query: S.StatementListQuery,
    ok: [200, S.StatementList],
  },
  {
    method: "get",
    path: "/v1/statements/{id}",
    operationId: "getStatement",
    summary: "Get one statement version: summary figures and signed download links (about 10 minutes)",
    ok: [200, S.Statement],
  },
] as const;

const REQUEST_SCHEMAS = new Set([
  "ExportCreate",
  "ExportListQuery",
  "PlacementCreate",
  "PlacementBulkCreate",
  "PlacementListQuery",
  "RemittanceListQuery",
  "StatementListQuery",
]);
const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${S.v1Schemas.get(schema)!.id}` });
const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: ref(S.ErrorBody) } },
});

/**
 * The largest invoice amount any currency accepts (AMOUNT_LIMITS, default 10^12 minor units in
 * each): the server refuses more, so the document says so. A lower limit of one currency is in
 * the description; with the default setting every currency has this one.
 */
function invoiceAmountBounds() {
  const limits = env().AMOUNT_LIMITS;
  const byCurrency = (Object.keys(CURRENCIES) as CurrencyCode[]).map((c) => [c, businessMaxMinor(c, limits)] as const);
  const max = byCurrency.reduce((m, [, v]) => (v > m ? v : m), 0n);
  const lower = byCurrency.filter(([, v]) => v < max).map(([c, v]) => `${c} ${v}`);
  return {
    maximum: Number(max),
    note: lower.length ? ` Lower maxima (minor units): ${lower.join(", ")}.` : "",
  };
}

function components(): Record<string, JsonSchema> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  // Requests are described as clients send them (before coercion), responses as we send them.
  const input = z.toJSONSchema(S.v1Schemas, { io: "input", uri }).schemas as Record<string, JsonSchema>;
  const output = z.toJSONSchema(S.v1Schemas, { io: "output", uri }).schemas as Record<string, JsonSchema>;
  return Object.fromEntries(
    Object.keys(output).map((id) => {
      const { $schema: _s, $id: _i, ...schema } = (REQUEST_SCHEMAS.has(id) ? input : output)[id]!;
      return [id, schema];
    }),
  );
}

/** OpenAPI 3.1 for /v1, generated from the zod schemas the handlers validate with. */
export function openApiDocument(serverUrl = "/") {
  const schemas = components();
  const amount = schemas.PlacementCreate!.properties!.invoice_amount!;
  const bounds = invoiceAmountBounds();
  amount.maximum = bounds.maximum;
  amount.description = `${String(amount.description)}; at most the business maximum per currency (AMOUNT_LIMITS).${bounds.note}`;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of V1_ENDPOINTS) {
    const parameters: unknown[] = [];
    if (e.path.includes("{id}"))
      parameters.push({ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } });
    if ("query" in e) {
      const q = schemas[S.v1Schemas.get(e.query)!.id]!;
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: "query",
          required: q.required?.includes(name) ?? false,
          description,
          schema: rest,
        });
      }
    }
    if (e.method === "post") {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description:
          "Retry safely: the same key with the same body returns the stored answer (header `Idempotent-Replayed: true`); the same key with another body is refused with 409. 1 to 255 visible ASCII characters (a UUID is typical); kept 24 hours per creditor.",
        schema: { type: "string", minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
      });
    }
    const [status, schema] = e.ok;
    paths[e.path] ??= {};
    paths[e.path]![e.method] = {
      summary: e.summary,
      operationId: e.operationId,
      parameters,
      ...("body" in e
        ? {
            requestBody: {
              required: true,
              description: `JSON, at most ${e.maxBytes} bytes`,
              content: { "application/json": { schema: ref(e.body) } },
            },
          }
        : {}),
      responses: {
        [status]: {
          description: "OK",
          ...(e.method === "post"
            ? {
                headers: {
                  "Idempotent-Replayed": {
                    description:
                      "`true` when this is the stored answer to an earlier request with the same Idempotency-Key",
                    schema: { type: "string", enum: ["true"] },
                  },
                },
              }
            : {}),
          content: { "application/json": { schema: ref(schema) } },
        },
        400: errorResponse("The request is malformed or a field is invalid; `details` says which"),
        401: errorResponse("Missing, malformed, unknown or revoked API key", {
          "WWW-Authenticate": { required: true, schema: { type: "string", pattern: "^Bearer " } },
        }),
        ...(e.path.includes("{id}") ? { 404: errorResponse("No such record for your creditor") } : {}),
        ...("notFound" in e ? { 404: errorResponse(e.notFound) } : {}),
        ...(e.method === "post"
          ? {
              409: errorResponse("Duplicate invoice number, or Idempotency-Key reused with another body"),
              413: errorResponse("Body too large"),
            }
          : {}),
      },
    };
  }
  // A query's schema is spelled out as the operation's parameters; the object itself is no component.
  for (const e of V1_ENDPOINTS) if ("query" in e) delete schemas[S.v1Schemas.get(e.query)!.id];
  return {
    openapi: "3.1.0",
    info: {
      title: "Clearbook creditor API",
      version: "1.0.0",
      description:
        "Place invoices for collection and read what was recovered, kept as fee and remitted. Money is an integer of minor units plus `currency`. Lists are newest first and paginate with `cursor` / `next_cursor`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerKey: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerKey: {
          type: "http",
          scheme: "bearer",
          description:
            "A creditor API key, `cb_live_<prefix>_<secret>`, created by a creditor admin under Settings → API keys.",
        },
      },
    },
  };
}
