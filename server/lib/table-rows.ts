import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Bind } from "@/db/statements";

/**
 * Rows of one table for a hand-built statement, as drizzle insert objects: the same objects the
 * table's one mapper builds for `db.insert(table).values(…)`, so a row is built in one place
 * whichever statement writes it. Column names and SQL types come from the drizzle schema, never
 * from hand-written lists. `k` is the row's payment (or other unit) in its batch.
 */
export type TableRows<T extends PgTable = PgTable> = {
  table: T;
  rows: Array<{ k: number; row: T["$inferInsert"] }>;
  /** `on conflict (<column>) do nothing`, by the drizzle keys of the conflict column(s). */
  conflict?: string[];
};

type SqlColumn = { key: string; name: string; type: string };

/** The SQL name (the schema's snake_case casing unless named explicitly) and cast type of a column. */
function sqlColumn(key: string, c: Column): SqlColumn {
  const name = (c as Column & { keyAsName?: boolean }).keyAsName ? toSnakeCase(key) : c.name;
  const raw = c.getSQLType();
  // Enum types are identifiers of our own and must be quoted in a cast; built-in types must not.
  const type = c.columnType === "PgEnumColumn" ? `"${raw}"` : raw;
  return { key, name, type };
}

/** The columns the rows set (a key left undefined takes the column's default), in schema order. */
function columnsOf(table: PgTable, rows: Array<Record<string, unknown>>): SqlColumn[] {
  const all = getTableColumns(table) as Record<string, Column>;
  return Object.entries(all)
    .filter(([key]) => rows.some((r) => r[key] !== undefined))
    .map(([key, c]) => sqlColumn(key, c));
}

/** jsonb cannot hold bigint: money in JSON is kept as exact decimal strings of minor units. */
export const jsonText = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/** A value as it travels inside the recordset's JSON: money as exact decimal text, times as ISO text. */
function wire(type: string, v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (type === "jsonb" || type === "json") return jsonText(v); // nested as JSON, parsed once by json_to_recordset
  if (typeof v === "bigint") return JSON.stringify(v.toString());
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  return jsonText(v);
}

/**
 * Rows as one `json` parameter read back with `json_to_recordset` as relation `alias` of columns k
 * and the table's columns: one parameter and one function call per table, whatever the batch's
 * size. jsonb values travel nested in the JSON, parsed once by json_to_recordset.
 */
function recordsetOf(
  bind: Bind,
  cols: SqlColumn[],
  rows: Array<{ k: number; row: Record<string, unknown> }>,
  alias: string,
) {
  const text = `[${rows
    .map((r) => `{"k":${r.k}${cols.map((c) => `,${JSON.stringify(c.name)}:${wire(c.type, r.row[c.key])}`).join("")}}`)
    .join(",")}]`;
  const defs = cols.map((c) => `"${c.name}" ${c.type}`).join(", ");
  return `json_to_recordset(${bind(text, "json")}) as ${alias}(k int, ${defs})`;
}

/** `json_to_recordset(…) as alias(k, …)` of arbitrary named columns (control values of a batch). */
export function recordset(
  bind: Bind,
  columns: Readonly<Record<string, string>>,
  rows: Array<{ k: number; row: Record<string, unknown> }>,
  alias = "v",
): string {
  const cols = Object.entries(columns).map(([key, type]) => ({ key, name: key, type }));
  return recordsetOf(bind, cols, rows, alias);
}

/**
 * `insert into <table> (…) select … from <recordset> where v.k = any(array(select k from <gate>))`:
 * the rows of the units that passed `gate` (a CTE returning `k`), in one statement part.
 */
export function insertRows(bind: Bind, g: TableRows, gate: string, returning?: string): string {
  const cols = columnsOf(
    g.table,
    g.rows.map((r) => r.row as Record<string, unknown>),
  );
  const all = getTableColumns(g.table) as Record<string, Column>;
  const select = cols.map((c) => `v."${c.name}"`).join(", ");
  const conflict = g.conflict
    ?.map((key) => {
      if (!all[key]) throw new Error(`${getTableName(g.table)} has no column ${key}`);
      return `"${sqlColumn(key, all[key]).name}"`;
    })
    .join(", ");
  return `insert into "${getTableName(g.table)}" (${cols.map((c) => `"${c.name}"`).join(", ")})
    select ${select} from ${recordsetOf(bind, cols, g.rows as Array<{ k: number; row: Record<string, unknown> }>, "v")}
    where v.k = any(array(select k from ${gate}))${conflict ? ` on conflict (${conflict}) do nothing` : ""}${returning ? ` returning ${returning}` : ""}`;
}

/** Group rows of many units by table, in first-seen order (one insert per table per statement). */
export function byTable(groups: Array<{ k: number; tables: Array<Omit<TableRows, "rows"> & { rows: unknown[] }> }>) {
  const out = new Map<PgTable, TableRows>();
  for (const { k, tables } of groups)
    for (const t of tables) {
      if (!t.rows.length) continue;
      const slot =
        out.get(t.table) ?? out.set(t.table, { table: t.table, rows: [], conflict: t.conflict }).get(t.table)!;
      slot.rows.push(...t.rows.map((row) => ({ k, row: row as TableRows["rows"][number]["row"] })));
    }
  return [...out.values()];
}
