import type { Db } from "@/db/client";
import { queryStatement, queryStatementArrays, statement, type Bind } from "@/db/statements";
import { matchKeyColumn, matchKeySql } from "@/db/schema/match-keys";
import {
  FACT_KEYS,
  decideMatch,
  type CandidateHit,
  type MatchDecision,
  type MatchRule,
  type MatchSettings,
} from "@/server/domain/matching";
import { env } from "@/server/env";
import { recordset } from "@/server/lib/table-rows";

/**
 * The candidates of the matching cascade (server/domain/matching.ts) for many payments in one
 * statement: each rule is one set-based join of all the payments' match keys to the open
 * placements (through the expression indexes on placements and debtors), and the domain decides
 * per payment. Payments are either facts not yet stored (a payment arriving), stored attempts named
 * by id, or every stored attempt still unmatched (a batch re-matching them all, as the benchmark
 * does); stored attempts carry their match keys in generated columns (db/schema/match-keys.ts).
 */

/** What the cascade reads of a payment: its amount and currency and its attempt's metadata (FACT_KEYS). */
export type PaymentFacts = { key: string; amount: bigint; currency: string; metadata: Record<string, unknown> };

export type PaymentSource =
  | { kind: "facts"; payments: PaymentFacts[] }
  | { kind: "attempts"; ids: string[] }
  /** Stored attempts in status unmatched; `ids` narrows them to a range of ids [from, to) (a slice). */
  | { kind: "unmatched"; ids?: { from: string; to: string | null } };

/** A row of the candidate SQL, in its column order (array rows: see queryStatementArrays). */
type HitRow = [
  k: string,
  rule: number,
  via: string,
  placementId: string,
  creditorId: string,
  debtorId: string,
  invoiceNumber: string,
  dueDate: string,
  openBalance: string,
];

/** The matching settings in force (MATCH_AUTO_TIERS, MATCH_NAME_TOLERANCE_BPS). */
export function matchSettings(): MatchSettings {
  const e = env();
  return { autoTiers: e.MATCH_AUTO_TIERS, nameToleranceBps: e.MATCH_NAME_TOLERANCE_BPS };
}

/**
 * Every rule's hits for every payment of the source, by payment key (attempt id for stored
 * attempts): one hit per (payment, placement, rule), found through the payment field that comes
 * first in FACT_KEYS' order when several name it.
 *
 * `concurrency` > 1 (a batch on a connection pool, never inside a transaction: one connection runs
 * one statement at a time) splits a large batch of stored attempts into that many slices, each
 * matched by its own statement on its own connection, so the server's cores share the work as
 * they share a parallel hash join. Payments never depend on each other's candidates, so the union
 * of the slices' hits is the batch's.
 */
export async function findCandidates(
  db: Db,
  source: PaymentSource,
  settings: MatchSettings,
  opts: SliceOptions = {},
): Promise<Map<string, CandidateHit[]>> {
  const out = new Map<string, CandidateHit[]>();
  const slices = sliceSource(source, opts);
  await Promise.all(
    slices.map(async (slice) => {
      for (const r of await candidateRows(db, slice, settings)) addHit(out, r);
    }),
  );
  return out;
}

export type SliceOptions = {
  /** How many statements may run at once (connections the pool may give this batch). Default 1. */
  concurrency?: number;
  /** The fewest payments a slice of named attempts holds (default 5,000: below it, slicing buys nothing). */
  minSlice?: number;
};

function sliceSource(source: PaymentSource, opts: SliceOptions): PaymentSource[] {
  const concurrency = opts.concurrency ?? 1;
  if (concurrency <= 1 || source.kind === "facts") return [source];
  if (source.kind === "unmatched") {
    // Ids are random (v4), so equal ranges of the id space hold about equal shares of the attempts.
    const bounds = Array.from({ length: concurrency + 1 }, (_, i) =>
      i === concurrency ? null : uuidAt((UUID_SPACE * BigInt(i)) / BigInt(concurrency)),
    );
    return bounds
      .slice(0, -1)
      .map((from, i) => ({ kind: "unmatched", ids: { from: from!, to: bounds[i + 1] ?? null } }));
  }
  const minSlice = Math.max(1, opts.minSlice ?? 5_000);
  if (source.ids.length < 2 * minSlice) return [source];
  const n = Math.min(concurrency, Math.floor(source.ids.length / minSlice));
  const size = Math.ceil(source.ids.length / n);
  return Array.from({ length: n }, (_, i) => ({ kind: "attempts", ids: source.ids.slice(i * size, (i + 1) * size) }));
}

const UUID_SPACE = 1n << 128n;
/** The uuid whose 128 bits are `n` (its place in PostgreSQL's uuid order). */
function uuidAt(n: bigint): string {
  const hex = n.toString(16).padStart(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function candidateRows(db: Db, source: PaymentSource, settings: MatchSettings): Promise<HitRow[]> {
  // Settings for this transaction (or savepoint's transaction) only: JIT compiles the statement's
  // many expressions for longer than it runs (the text splitting's estimates are high); a merge
  // join would walk every invoice-number index entry with a heap fetch each, where probing the
  // index once per distinct word is cheaper; sorts and hashes of a batch stay in memory; and the
  // plan is made for this batch's values every time: the statement is prepared once per connection,
  // and from its sixth run PostgreSQL could keep a generic plan that ignores the batch (one such
  // plan took 70 s for what a fresh one does in 1).
  return db.transaction(async (tx) => {
    await queryStatement(
      tx,
      statement(
        () =>
          "select set_config('jit', 'off', true), set_config('enable_mergejoin', 'off', true), set_config('work_mem', '64MB', true), set_config('plan_cache_mode', 'force_custom_plan', true)",
      ),
    );
    return queryStatementArrays<HitRow>(
      tx,
      statement((p) => candidatesSql(p, source, settings.nameToleranceBps)),
    );
  });
}

/** The field order of FACT_KEYS: when two fields find the same placement by one rule, the first names it. */
const VIA_ORDER = new Map<string, number>(
  [FACT_KEYS.placementId, ...FACT_KEYS.texts, ...FACT_KEYS.emails, FACT_KEYS.name].map((f, i) => [f, i]),
);

function addHit(out: Map<string, CandidateHit[]>, r: HitRow) {
  const [k, ruleNo, via, placementId, creditorId, debtorId, invoiceNumber, dueDate, openBalance] = r;
  const rule = ruleNo as MatchRule;
  let list = out.get(k);
  if (!list) out.set(k, (list = []));
  // The same placement found twice by one rule (a word in two fields, or twice in one): kept once.
  const seen = list.find((h) => h.placementId === placementId && h.rule === rule);
  if (seen) {
    if ((VIA_ORDER.get(via) ?? 99) < (VIA_ORDER.get(seen.via) ?? 99)) seen.via = via;
    return;
  }
  list.push({ placementId, creditorId, debtorId, invoiceNumber, dueDate, openBalance: BigInt(openBalance), rule, via });
}

/** The cascade's decision for each payment of the source (one statement, then the domain's rules). */
export async function matchPayments(
  db: Db,
  source: PaymentSource,
  amounts: Map<string, bigint>,
  settings: MatchSettings = matchSettings(),
  opts: SliceOptions = {},
): Promise<Map<string, MatchDecision>> {
  const hits = await findCandidates(db, source, settings, opts);
  const out = new Map<string, MatchDecision>();
  for (const [key, amount] of amounts) out.set(key, decideMatch(amount, hits.get(key) ?? [], settings));
  return out;
}

/**
 * The source's payments with their match keys, normalised as the rules compare them (a placement id
 * only if it is a uuid, each text field's words, emails lower-cased and trimmed, the name as
 * normaliseName gives it): stored attempts read them from their generated columns, facts not yet
 * stored get them from the same expressions (db/schema/match-keys.ts).
 */
function sourceSql(p: Bind, source: PaymentSource): string {
  const { texts, emails } = FACT_KEYS;
  if (source.kind === "facts") {
    const rows = source.payments.map((x, k) => ({
      k,
      row: { key: x.key, amount: x.amount, currency: x.currency, metadata: x.metadata },
    }));
    const m = "v.metadata";
    return `select v.key as k, v.amount, v.currency, ${matchKeySql.placementId(m)} as pid,
      ${texts.map((f) => `${matchKeySql.words(m, f)} as ${col(f)}`).join(", ")},
      ${emails.map((f) => `${matchKeySql.email(m, f)} as ${col(f)}`).join(", ")},
      ${matchKeySql.name(m)} as nm
      from ${recordset(p, { key: "text", amount: "bigint", currency: "text", metadata: "jsonb" }, rows)}`;
  }
  const keys = `a.${matchKeyColumn.placementId} as pid,
      ${texts.map((f) => `a.${matchKeyColumn.words(f)} as ${col(f)}`).join(", ")},
      ${emails.map((f) => `a.${matchKeyColumn.email(f)} as ${col(f)}`).join(", ")},
      a.${matchKeyColumn.name} as nm`;
  if (source.kind === "unmatched") {
    const range = source.ids
      ? ` and a.id >= ${p(source.ids.from, "uuid")}${source.ids.to ? ` and a.id < ${p(source.ids.to, "uuid")}` : ""}`
      : "";
    return `select a.id as k, a.amount, a.currency, ${keys} from payment_attempts a where a.status = 'unmatched'${range}`;
  }
  return `select a.id as k, a.amount, a.currency, ${keys}
      from unnest(${p(source.ids, "uuid[]")}) i(id) join payment_attempts a on a.id = i.id`;
}

const col = (key: string) => `f_${key}`;

function candidatesSql(p: Bind, source: PaymentSource, toleranceBps: number): string {
  const { placementId, texts, emails, name } = FACT_KEYS;
  const cols = `pl.id, pl.creditor_id, pl.debtor_id, pl.invoice_number, pl.due_date, pl.invoice_amount - pl.recovered_amount as open_balance`;
  // Each rule reads only the payments that carry its keys. Rules 1, 3 and 4 probe indexes per
  // payment, in key order (lateral, fenced by `offset 0` so the planner cannot turn them into hash
  // joins): hashing every debtor's normalised name costs more than all the probes. Rule 2 probes
  // the expression index on upper(invoice_number) once per distinct word and joins the words back
  // to their payments. A field per branch of a union, its array unnested in the select list: a
  // lateral VALUES list with unnest in FROM costs three times as much (a function scan per row).
  // The columns are in HitRow's order. Duplicates (one placement found through two fields by one
  // rule) are dropped by addHit.
  return `
    with p as materialized (${sourceSql(p, source)}),
    r1 as (
      select p.k, 1 as rule, '${placementId}' as via, x.*
      from (select * from p where p.pid is not null order by p.pid) p cross join lateral (select ${cols} from placements pl
        where pl.id = p.pid and pl.status = 'open' and pl.currency = p.currency offset 0) x),
    tok as (
      ${texts
        .map(
          (f, i) =>
            `${i ? "union all " : ""}select p.k, p.currency, '${f}' as via, unnest(p.${col(f)}) as tok from p where p.${col(f)} is not null`,
        )
        .join("\n      ")}),
    word as (
      select w.tok, x.*
      from (select distinct tok.tok from tok order by tok.tok) w
      cross join lateral (select ${cols}, pl.currency from placements pl
        where upper(pl.invoice_number) = w.tok and pl.status = 'open' offset 0) x),
    r2 as (
      select tok.k, 2 as rule, tok.via, word.id, word.creditor_id, word.debtor_id, word.invoice_number, word.due_date, word.open_balance
      from tok join word on word.tok = tok.tok and word.currency = tok.currency),
    r3 as (
      select e.k, 3 as rule, e.via, x.*
      from (select e.* from (${emails
        .map(
          (f, i) =>
            `${i ? "union all " : ""}select p.k, p.amount, p.currency, '${f}' as via, p.${col(f)} as email from p where p.${col(f)} is not null`,
        )
        .join(" ")}) e order by e.email) e
      cross join lateral (select ${cols} from debtors d join placements pl on pl.debtor_id = d.id
        where lower(d.email) = e.email and pl.status = 'open' and pl.currency = e.currency
          and pl.invoice_amount - pl.recovered_amount = e.amount offset 0) x),
    r4 as (
      select p.k, 4 as rule, '${name}' as via, x.*
      from (select * from p where p.nm is not null order by p.nm) p
      cross join lateral (select ${cols} from debtors d join placements pl on pl.debtor_id = d.id
        where btrim(regexp_replace(lower(d.name), '[^a-z0-9]+', ' ', 'g')) = p.nm
          and pl.status = 'open' and pl.currency = p.currency
          and abs(pl.invoice_amount - pl.recovered_amount - p.amount) * 10000 <= p.amount * ${p(toleranceBps, "int")} offset 0) x)
    select h.k, h.rule, h.via, h.id as placement_id, h.creditor_id, h.debtor_id, h.invoice_number, h.due_date::text as due_date,
      h.open_balance::text as open_balance
    from (select * from r1 union all select * from r2 union all select * from r3 union all select * from r4) h`;
}
