import { createHash } from "node:crypto";
import { env } from "@/server/env";
import type { Db } from "./client";

/** SQL text with numbered parameters ($1…), its values, and a name derived from the text. */
export type Statement = { name: string; text: string; params: unknown[] };

/** Adds a value to the statement's parameters and answers its placeholder (`$3`, or `$3::uuid` with a cast). */
export type Bind = (value: unknown, cast?: string) => string;

const names = new Map<string, string>();

/**
 * A hand-built statement for the hot paths (the Stripe webhook's inbox and payment writes): `build`
 * writes the text and sends every value through `bind`, so values are never part of the text and
 * the text depends only on the statement's shape. Cheaper to build than nested drizzle `sql`
 * fragments, and named after its text so PostgreSQL parses and plans it once per connection.
 */
export function statement(build: (bind: Bind) => string): Statement {
  const params: unknown[] = [];
  const text = build((value, cast) => {
    params.push(value);
    return cast ? `$${params.length}::${cast}` : `$${params.length}`;
  });
  let name = names.get(text);
  if (!name) {
    name = `cb_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    // Shapes are few (a statement per code path and row count); the cap only guards against misuse.
    if (names.size < 1000) names.set(text, name);
  }
  return { name, text, params };
}

/**
 * Run a statement and return its rows. With the node-postgres and Neon drivers it is sent as a
 * named prepared statement (parsed once per connection, then only bound and executed), unless
 * DATABASE_NAMED_STATEMENTS=off (for a transaction-mode pooler that cannot keep them).
 */
export async function queryStatement<T>(db: Db, s: Statement): Promise<T[]> {
  const result = await db._.session
    .prepareQuery({ sql: s.text, params: s.params }, undefined, preparedName(s), false)
    .execute();
  return (result as unknown as { rows: T[] }).rows;
}

/**
 * As queryStatement, with each row an array of its columns in the statement's order: for a large
 * result read once, where an object per row with a property per column costs more than the rows'
 * use (the matching cascade's 100,000 hits).
 */
export async function queryStatementArrays<T extends unknown[]>(db: Db, s: Statement): Promise<T[]> {
  // A result mapper makes every driver run the statement in array mode and hand over its rows as they are.
  const rows = await db._.session
    .prepareQuery({ sql: s.text, params: s.params }, undefined, preparedName(s), true, (r) => r)
    .execute();
  return rows as unknown as T[];
}

/** The statement's name for a named prepared statement, or none when DATABASE_NAMED_STATEMENTS=off. */
const preparedName = (s: Statement) => (env().DATABASE_NAMED_STATEMENTS === "off" ? undefined : s.name);
