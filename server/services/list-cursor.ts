import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { AppError } from "@/server/errors";

/**
 * Keyset pagination for lists sorted by one column plus the row id. The cursor is the last row's
 * sort value (as PostgreSQL's own text, so microseconds and bigints survive) and its id; the next
 * page seeks past it through an index instead of counting rows with OFFSET, so page 10,000 costs
 * what page 1 costs.
 */
export type KeyKind = "timestamp" | "bigint" | "date" | "text";
export type SortDir = "asc" | "desc";
export type SortKey = { column: AnyColumn; kind: KeyKind };

/** One page of a list: its rows and the cursor of the next page (null on the last page). */
export type ListPage<T> = { items: T[]; nextCursor: string | null };

export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 200;

type Cursor = { s: string; d: SortDir; v: string; i: string };

const CAST: Record<KeyKind, string> = { timestamp: "timestamptz", bigint: "bigint", date: "date", text: "text" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sort value as exact text for the cursor (timestamps in UTC with microseconds). */
export function sortValueText(key: SortKey): SQL<string> {
  if (key.kind === "timestamp") return sql<string>`to_char(${key.column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return sql<string>`${key.column}::text`;
}

/** Rows strictly after the cursor in (sort, id) order. */
export function seekAfter(key: SortKey, idColumn: AnyColumn, dir: SortDir, cursor: { v: string; i: string }): SQL {
  const value = sql`${cursor.v}::${sql.raw(CAST[key.kind])}`;
  return dir === "desc"
    ? sql`(${key.column}, ${idColumn}) < (${value}, ${cursor.i}::uuid)`
    : sql`(${key.column}, ${idColumn}) > (${value}, ${cursor.i}::uuid)`;
}

/** ORDER BY for (sort, id) in one direction, so one index serves both. */
export function keysetOrder(key: SortKey, idColumn: AnyColumn, dir: SortDir): SQL[] {
  const by = dir === "desc" ? desc : asc;
  return [by(key.column), by(idColumn)];
}

export function encodeListCursor(sort: string, dir: SortDir, value: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, d: dir, v: value, i: id } satisfies Cursor)).toString("base64url");
}

/** Read a cursor for this sort; a cursor from another sort or a tampered one is a 400 that says what to do. */
export function decodeListCursor(cursor: string, sort: string, dir: SortDir): { v: string; i: string } {
  let parsed: Partial<Cursor> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<Cursor>;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.v !== "string" || typeof parsed.i !== "string" || !UUID.test(parsed.i) || parsed.v.length > 64) {
    throw new AppError("BAD_REQUEST", "The page cursor is not valid: start again from the first page.");
  }
  if (parsed.s !== sort || parsed.d !== dir) {
    throw new AppError("BAD_REQUEST", "The page cursor belongs to another sort order: start again from the first page.");
  }
  return { v: parsed.v, i: parsed.i };
}

/** Clamp a requested page size. */
export const listLimit = (limit: number | undefined) => Math.min(Math.max(Math.trunc(limit ?? LIST_DEFAULT_LIMIT), 1), LIST_MAX_LIMIT);

/** Rows were fetched with limit + 1: cut the extra one off and turn the last visible row into the next cursor. */
export function toListPage<T extends { sortValue: string; id: string }>(
  rows: T[],
  limit: number,
  sort: string,
  dir: SortDir,
): ListPage<Omit<T, "sortValue">> {
  const more = rows.length > limit;
  const visible = more ? rows.slice(0, limit) : rows;
  const last = visible.at(-1);
  return {
    items: visible.map(({ sortValue: _s, ...row }) => row),
    nextCursor: more && last ? encodeListCursor(sort, dir, last.sortValue, last.id) : null,
  };
}
