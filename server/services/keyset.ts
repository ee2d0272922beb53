import { sql, type AnyColumn } from "drizzle-orm";
import { AppError } from "@/server/errors";

/** A list page: the rows and the cursor of the next page (null on the last one). */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Opaque keyset cursor: the sort timestamp as PostgreSQL's own text (microseconds intact, which a
 * JS Date would round away) plus the row id that breaks ties.
 */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString("base64url");
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A timestamp column as exact UTC text with microseconds, for `encodeCursor`. */
export const cursorTime = (column: AnyColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows strictly after the cursor in (column desc, id desc) order. */
export const afterCursor = (column: AnyColumn, idColumn: AnyColumn, cursor: { at: string; id: string }) =>
  sql`(${column}, ${idColumn}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;

/** Read a cursor made by `encodeCursor`; anything else is a 400 that says what to send instead. */
export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed;
      if (typeof at === "string" && CURSOR_TIME.test(at) && typeof id === "string" && UUID.test(id)) return { at, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("BAD_REQUEST", "cursor is not valid: pass the next_cursor of the previous page unchanged");
}

/** Fetch one extra row to know whether another page follows; cut it off and derive the cursor. */
export function toPage<T extends { cursorAt: string; id: string }>(rows: T[], limit: number): Page<Omit<T, "cursorAt">> {
  const more = rows.length > limit;
  const visible = more ? rows.slice(0, limit) : rows;
  const last = visible.at(-1);
  return {
    items: visible.map(({ cursorAt: _c, ...row }) => row),
    nextCursor: more && last ? encodeCursor(last.cursorAt, last.id) : null,
  };
}

export const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
