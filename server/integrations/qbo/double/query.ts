/**
 * TEST DOUBLE — NOT QuickBooks. The subset of QBO's query grammar the double understands:
 *   SELECT * | count(*) FROM Invoice|Payment|Customer|Account|JournalEntry
 *   [WHERE field op value [AND …]]  (ops: =, IN, <, >, <=, >=; fields: Id, DocNumber, CustomerRef, MetaData.LastUpdatedTime)
 *   [STARTPOSITION n] [MAXRESULTS n ≤ 1000]
 * Anything else (OR, joins, projections, PrivateNote…) answers QBO's QueryParserError/QueryValidationError.
 */
import { DoubleFault } from "./store";

export type ParsedQuery = {
  entity: "Invoice" | "Payment" | "Customer" | "Account" | "JournalEntry";
  count: boolean;
  conditions: Array<{ field: string; op: string; values: string[] }>;
  startPosition: number;
  maxResults: number;
};

const ENTITIES = new Set(["Invoice", "Payment", "Customer", "Account", "JournalEntry"]);
const FIELDS = new Set(["Id", "DocNumber", "CustomerRef", "MetaData.LastUpdatedTime", "TxnDate", "DueDate"]);

const parseError = (detail: string) => new DoubleFault("4000", "Error parsing query", `QueryParserError: ${detail}`);
const validationError = (detail: string) => new DoubleFault("4001", "Invalid query", `QueryValidationError: ${detail}`);

function tokenize(q: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:('(?:\\.|[^'\\])*')|(<=|>=|[(),=<>*])|([A-Za-z_][\w.]*)|(\d+))/y;
  let pos = 0;
  while (pos < q.length) {
    if (/^\s*$/.test(q.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(q);
    if (!m) throw parseError(`Encountered unexpected text at position ${pos}: ${q.slice(pos, pos + 20)}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    pos = re.lastIndex;
  }
  return tokens;
}

const unquote = (t: string) => t.slice(1, -1).replace(/\\(.)/g, "$1");

export function parseQuery(q: string): ParsedQuery {
  const t = tokenize(q);
  let i = 0;
  const peek = () => t[i];
  const kw = (word: string) => (peek()?.toLowerCase() === word ? (i++, true) : false);
  const expect = (word: string) => {
    if (!kw(word)) throw parseError(`Encountered "${peek() ?? "<EOF>"}" where "${word}" was expected.`);
  };
  expect("select");
  let count = false;
  if (peek() === "*") i++;
  else if (kw("count")) {
    if (t[i] !== "(" || t[i + 1] !== "*" || t[i + 2] !== ")") throw parseError("count must be count(*).");
    i += 3;
    count = true;
  } else throw parseError(`Projections are not supported ("${peek()}"); use select *.`);
  expect("from");
  const entity = t[i++];
  if (!entity || !ENTITIES.has(entity))
    throw parseError(`Unknown entity "${entity ?? ""}" (names are case-sensitive).`);
  const conditions: ParsedQuery["conditions"] = [];
  if (kw("where")) {
    do {
      const field = t[i++] ?? "";
      if (field.toLowerCase() === "privatenote") throw validationError("property 'PrivateNote' is not queryable");
      if (!FIELDS.has(field)) throw validationError(`property '${field}' is not queryable (in this test double)`);
      const opToken = t[i++]?.toLowerCase() ?? "";
      if (opToken === "in") {
        if (t[i++] !== "(") throw parseError("IN needs a parenthesised list.");
        const values: string[] = [];
        for (;;) {
          const v = t[i++];
          if (!v?.startsWith("'")) throw parseError("IN values must be quoted strings.");
          values.push(unquote(v));
          const sep = t[i++];
          if (sep === ")") break;
          if (sep !== ",") throw parseError("Expected , or ) in IN list.");
        }
        conditions.push({ field, op: "in", values });
      } else if (["=", "<", ">", "<=", ">="].includes(opToken)) {
        const v = t[i++];
        if (!v?.startsWith("'")) throw parseError("Values must be quoted strings.");
        conditions.push({ field, op: opToken, values: [unquote(v)] });
      } else throw parseError(`Unsupported operator "${opToken}".`);
    } while (kw("and"));
  }
  if (peek()?.toLowerCase() === "or") throw parseError("OR is not supported.");
  if (kw("orderby")) throw validationError("ORDERBY is not supported by this test double.");
  let startPosition = 1;
  let maxResults = 100;
  for (;;) {
    if (kw("startposition")) startPosition = num(t[i++]);
    else if (kw("maxresults")) maxResults = num(t[i++]);
    else break;
  }
  if (i < t.length) throw parseError(`Encountered unexpected "${t[i]}".`);
  if (maxResults > 1000) throw validationError(`value ${maxResults} is too large. Max allowed value is 1000`);
  if (startPosition < 1 || maxResults < 1) throw validationError("STARTPOSITION and MAXRESULTS must be positive.");
  return { entity: entity as ParsedQuery["entity"], count, conditions, startPosition, maxResults };
}

function num(tok: string | undefined): number {
  if (!tok || !/^\d+$/.test(tok)) throw parseError(`Expected a number, got "${tok ?? "<EOF>"}".`);
  return Number(tok);
}

type Row = {
  Id: string;
  DocNumber?: string;
  customerId?: string;
  updatedAt: number;
  txnDate?: string;
  dueDate?: string;
};

function fieldValue(row: Row, field: string): string | undefined {
  switch (field) {
    case "Id":
      return row.Id;
    case "DocNumber":
      return row.DocNumber;
    case "CustomerRef":
      return row.customerId;
    case "TxnDate":
      return row.txnDate;
    case "DueDate":
      return row.dueDate;
    default:
      return new Date(row.updatedAt).toISOString();
  }
}

function matches(row: Row, c: ParsedQuery["conditions"][number]): boolean {
  const v = fieldValue(row, c.field);
  if (v === undefined) return false;
  if (c.op === "in") return c.values.includes(v);
  const [w = ""] = c.values;
  const cmp =
    c.field === "MetaData.LastUpdatedTime"
      ? Date.parse(v) - Date.parse(w)
      : c.field === "Id"
        ? Number(v) - Number(w)
        : v < w
          ? -1
          : v > w
            ? 1
            : 0;
  return c.op === "="
    ? cmp === 0
    : c.op === "<"
      ? cmp < 0
      : c.op === ">"
        ? cmp > 0
        : c.op === "<="
          ? cmp <= 0
          : cmp >= 0;
}

/** Run a parsed query over a map of rows: Id lookups go straight to the map (the benchmark's path). */
export function runQuery<T extends Row>(rows: Map<string, T>, q: ParsedQuery): { page: T[]; total: number } {
  const idIn = q.conditions.find((c) => c.field === "Id" && (c.op === "in" || c.op === "="));
  const candidates = idIn
    ? [...new Set(idIn.values)].map((id) => rows.get(id)).filter((r): r is T => Boolean(r))
    : [...rows.values()];
  const hits = candidates
    .filter((r) => q.conditions.every((c) => matches(r, c)))
    .sort((a, b) => Number(a.Id) - Number(b.Id) || a.Id.localeCompare(b.Id));
  return { page: hits.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults), total: hits.length };
}
