import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { AppError } from "@/server/errors";
import { isUuid } from "./list-filters";
import { storageProblem } from "./text-guard";

/**
 * Keyset pagination for every list (portal, back-office, /v1), sorted by one column plus the row
 * id. The cursor is the last row's sort value (as PostgreSQL's own text, so microseconds and
 * bigints survive) and its id; the next page seeks past it through an index instead of counting
 * rows with OFFSET, so page 10,000 costs what page 1 costs.
 */
type KeyKind = "timestamp" | "bigint" | "date" | "text";
export type SortDir = "asc" | "desc";
export type SortKey = { column: AnyColumn; kind: KeyKind };
/** What the row id that breaks ties is: a uuid (our own tables) or text (e.g. Stripe's `evt_…` event ids). */
export type IdKind = "uuid" | "text";

/** What a caller asks of any list: the cursor of the previous page (none for the first) and a page size. */
export type PageRequest = { cursor?: string; limit?: number };

/** One page of a list: its rows and the cursor of the next page (null on the last page). */
export type ListPage<T> = { items: T[]; nextCursor: string | null };

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/**
 * One keyset list query's parts for a sort: the sort value to select as `sortValue`, the seek past
 * the cursor (undefined on the first page) for the WHERE, the ORDER BY, how many rows to fetch
 * (one extra, to know whether another page follows) and the page built from those rows. A bad
 * cursor, or one from another sort, is a 400 before any query runs. The rows carry the tie-breaking
 * id as `id`; `idKind` says whether it is a uuid (the default) or text.
 */
export function keyset(
  sort: string,
  key: SortKey,
  idColumn: AnyColumn,
  dir: SortDir,
  request: PageRequest,
  idKind: IdKind = "uuid",
) {
  const limit = Math.min(Math.max(Math.trunc(request.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const after = request.cursor ? decodeCursor(request.cursor, sort, dir, idKind, key.kind) : undefined;
  const by = dir === "desc" ? desc : asc;
  return {
    sortValue: sortValueText(key),
    after: after ? seekAfter(key, idColumn, idKind, dir, after) : undefined,
    orderBy: [by(key.column), by(idColumn)],
    fetch: limit + 1,
    page: <T extends { sortValue: string; id: string }>(rows: T[]): ListPage<Omit<T, "sortValue">> => {
      const more = rows.length > limit;
      const visible = more ? rows.slice(0, limit) : rows;
      const last = visible.at(-1);
      return {
        items: visible.map(({ sortValue: _s, ...row }) => row),
        nextCursor: more && last ? encodeListCursor(sort, dir, last.sortValue, last.id) : null,
      };
    },
  };
}

type Cursor = { s: string; d: SortDir; v: string; i: string };

const CAST: Record<KeyKind, string> = { timestamp: "timestamptz", bigint: "bigint", date: "date", text: "text" };
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Printable ASCII, as Stripe's ids (and our synthetic `fetched:<object id>` ones) are.
const TEXT_ID = /^[\x21-\x7e]{1,255}$/;

/**
 * Whether a cursor's sort value is text PostgreSQL casts to this kind without an error (a tampered
 * `"v":"2026-13-45…"`, a NUL or a year 0 would otherwise fail the query: a 500 instead of a 400).
 */
function isSortValue(v: string, kind: KeyKind): boolean {
  if (v.length > 64) return false;
  switch (kind) {
    case "timestamp":
      return CURSOR_TIME.test(v) && v >= "0001" && realInstant(v.slice(0, 19));
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= "0001" && realInstant(`${v}T00:00:00`);
    case "bigint":
      return /^-?\d{1,19}$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;
    case "text":
      return storageProblem(v) === null;
  }
}
/** `YYYY-MM-DDTHH:MM:SS` names a real moment (no 30 February, no hour 24). */
const realInstant = (s: string) => {
  const t = Date.parse(`${s}Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 19) === s;
};

/** Whether a cursor's id can be a row id of this kind; a non-uuid must never reach a `::uuid` cast. */
const isId = (id: unknown, kind: IdKind): id is string =>
  typeof id === "string" && (kind === "uuid" ? isUuid(id) : TEXT_ID.test(id));

/** The sort value as exact text for the cursor (timestamps in UTC with microseconds). */
function sortValueText(key: SortKey): SQL<string> {
  if (key.kind === "timestamp")
    return sql<string>`to_char(${key.column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return sql<string>`${key.column}::text`;
}

/** Rows strictly after the cursor in (sort, id) order. */
function seekAfter(
  key: SortKey,
  idColumn: AnyColumn,
  idKind: IdKind,
  dir: SortDir,
  cursor: { v: string; i: string },
): SQL {
  const value = sql`${cursor.v}::${sql.raw(CAST[key.kind])}`;
  const id = sql`${cursor.i}::${sql.raw(idKind)}`;
  return dir === "desc"
    ? sql`(${key.column}, ${idColumn}) < (${value}, ${id})`
    : sql`(${key.column}, ${idColumn}) > (${value}, ${id})`;
}

/** The cursor of the page after the row with this sort value and id (the benchmark builds deep cursors with it). */
export function encodeListCursor(sort: string, dir: SortDir, value: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, d: dir, v: value, i: id } satisfies Cursor)).toString("base64url");
}

/**
 * Read a cursor for this sort; a cursor from another sort or a tampered one is a 400 that says what
 * to do. A timestamp sort, newest first, also reads a `[time, id]` cursor (the form /v1 and the back-office Stripe inbox handed out before they shared this helper: a
 * client paging through the change keeps its place).
 */
function decodeCursor(
  cursor: string,
  sort: string,
  dir: SortDir,
  idKind: IdKind,
  kind: KeyKind,
): { v: string; i: string } {
  const newestFirstTime = kind === "timestamp" && dir === "desc";
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (newestFirstTime && Array.isArray(parsed) && parsed.length === 2) {
    const [at, id] = parsed as unknown[];
    if (typeof at === "string" && isSortValue(at, "timestamp") && isId(id, idKind)) return { v: at, i: id };
  }
  const c = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Partial<Cursor>) : undefined;
  const invalid = () =>
    new AppError(
      "BAD_REQUEST",
      "The page cursor is not valid: pass the previous page's cursor unchanged, or start again from the first page.",
    );
  if (!c || typeof c.v !== "string" || !isId(c.i, idKind)) throw invalid();
  if (c.s !== sort || c.d !== dir) {
    throw new AppError(
      "BAD_REQUEST",
      "The page cursor belongs to another sort order: start again from the first page.",
    );
  }
  if (!isSortValue(c.v, kind)) throw invalid();
  return { v: c.v, i: c.i };
}
