/**
 * TEST DOUBLE — NOT QuickBooks. QBO's query grammar (developer.intuit.com › Learn › Explore the
 * QuickBooks Online API › Data queries), for the entities the double holds:
 *   SELECT * | count(*) FROM Invoice|Payment|Customer|Account|JournalEntry
 *   [WHERE field op value [AND …]]  (ops: =, IN, <, >, <=, >=; values quoted, numbers also bare)
 *   [ORDERBY field [ASC|DESC] [, …]] [STARTPOSITION n] [MAXRESULTS n ≤ 1000]
 * Filterable fields per entity follow the API reference's "filterable" marks (Invoice: Id,
 * DocNumber, TxnDate, DueDate, CustomerRef, Balance, TotalAmt, MetaData.CreateTime/LastUpdatedTime).
 * Anything else (OR, joins, projections, PrivateNote…) answers QBO's QueryParserError/QueryValidationError.
 */
import { DoubleFault } from "./store";

export type ParsedQuery = {
  entity: "Invoice" | "Payment" | "Customer" | "Account" | "JournalEntry";
  count: boolean;
  conditions: Array<{ field: string; op: string; values: string[] }>;
  orderBy: Array<{ field: string; desc: boolean }>;
  startPosition: number;
  maxResults: number;
};

const ENTITIES = new Set(["Invoice", "Payment", "Customer", "Account", "JournalEntry"]);
const META = ["MetaData.CreateTime", "MetaData.LastUpdatedTime"];
const FIELDS: Record<ParsedQuery["entity"], Set<string>> = {
  Invoice: new Set(["Id", "DocNumber", "CustomerRef", "TxnDate", "DueDate", "Balance", "TotalAmt", ...META]),
  Payment: new Set(["Id", "CustomerRef", "TxnDate", "TotalAmt", ...META]),
  Customer: new Set(["Id", "DisplayName", ...META]),
  Account: new Set(["Id", "Name", ...META]),
  JournalEntry: new Set(["Id", "DocNumber", "TxnDate", ...META]),
};
const NUMERIC = new Set(["Balance", "TotalAmt"]);

const parseError = (detail: string) => new DoubleFault("4000", "Error parsing query", `QueryParserError: ${detail}`);
const validationError = (detail: string) => new DoubleFault("4001", "Invalid query", `QueryValidationError: ${detail}`);

function tokenize(q: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:('(?:\\.|[^'\\])*')|(<=|>=|[(),=<>*])|([A-Za-z_][\w.]*)|(-?\d+(?:\.\d+)?))/y;
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
      if (!FIELDS[entity as ParsedQuery["entity"]].has(field))
        throw validationError(`property '${field}' is not queryable`);
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
        const bareNumber = v !== undefined && NUMERIC.has(field) && /^-?\d+(\.\d+)?$/.test(v);
        if (!v?.startsWith("'") && !bareNumber) throw parseError("Values must be quoted strings.");
        conditions.push({ field, op: opToken, values: [bareNumber ? v : unquote(v)] });
      } else throw parseError(`Unsupported operator "${opToken}".`);
    } while (kw("and"));
  }
  if (peek()?.toLowerCase() === "or") throw parseError("OR is not supported.");
  const orderBy: ParsedQuery["orderBy"] = [];
  if (kw("orderby")) {
    do {
      const field = t[i++] ?? "";
      if (!FIELDS[entity as ParsedQuery["entity"]].has(field))
        throw validationError(`property '${field}' is not sortable`);
      const desc = kw("desc");
      if (!desc) kw("asc");
      orderBy.push({ field, desc });
    } while (t[i] === "," && i++);
  }
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
  return { entity: entity as ParsedQuery["entity"], count, conditions, orderBy, startPosition, maxResults };
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
  balanceCents?: number;
  totalCents?: number;
  createdAt?: number;
  Name?: string;
  DisplayName?: string;
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
    case "Balance":
      return row.balanceCents === undefined ? undefined : String(row.balanceCents / 100);
    case "TotalAmt":
      return row.totalCents === undefined ? undefined : String(row.totalCents / 100);
    case "Name":
      return row.Name;
    case "DisplayName":
      return row.DisplayName;
    case "MetaData.CreateTime":
      return new Date(row.createdAt ?? row.updatedAt).toISOString();
    default:
      return new Date(row.updatedAt).toISOString();
  }
}

/** Compare two values of a field: times as instants, ids and amounts as numbers, the rest as text. */
function compare(field: string, v: string, w: string): number {
  if (field.startsWith("MetaData.")) return Date.parse(v) - Date.parse(w);
  if (field === "Id" || NUMERIC.has(field)) return Number(v) - Number(w);
  return v < w ? -1 : v > w ? 1 : 0;
}

function matches(row: Row, c: ParsedQuery["conditions"][number]): boolean {
  const v = fieldValue(row, c.field);
  if (v === undefined) return false;
  if (c.op === "in")
    return c.values.includes(v) || (NUMERIC.has(c.field) && c.values.some((w) => Number(w) === Number(v)));
  const [w = ""] = c.values;
  const cmp = compare(c.field, v, w);
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
  const byId = (a: T, b: T) => Number(a.Id) - Number(b.Id) || a.Id.localeCompare(b.Id);
  const ordered = (a: T, b: T) => {
    for (const o of q.orderBy) {
      const d = compare(o.field, fieldValue(a, o.field) ?? "", fieldValue(b, o.field) ?? "");
      if (d !== 0) return o.desc ? -d : d;
    }
    return byId(a, b);
  };
  const hits = candidates.filter((r) => q.conditions.every((c) => matches(r, c))).sort(ordered);
  return { page: hits.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults), total: hits.length };
}
