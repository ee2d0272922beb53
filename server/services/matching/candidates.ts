import type { Db } from "@/db/client";
import { queryStatement, statement, type Bind } from "@/db/statements";
import {
  FACT_KEYS,
  MIN_TOKEN,
  TOKEN_SPLIT,
  TOKEN_TRIM,
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
 * statement: each rule is one set-based join of all the payments' facts to the open placements
 * (hash joins over a batch, index look-ups for one payment: see the expression indexes on
 * placements and debtors), and the domain decides per payment. Payments are either facts not yet
 * stored (a payment arriving) or stored unmatched attempts (re-matching, the benchmark).
 */

/** What the cascade reads of a payment: its amount and currency and its attempt's metadata (FACT_KEYS). */
export type PaymentFacts = { key: string; amount: bigint; currency: string; metadata: Record<string, unknown> };

export type PaymentSource = { kind: "facts"; payments: PaymentFacts[] } | { kind: "attempts"; ids: string[] };

type HitRow = {
  k: string;
  rule: number;
  via: string;
  placement_id: string;
  creditor_id: string;
  debtor_id: string;
  invoice_number: string;
  due_date: string;
  open_balance: string;
};

/** The matching settings in force (MATCH_AUTO_TIERS, MATCH_NAME_TOLERANCE_BPS). */
export function matchSettings(): MatchSettings {
  const e = env();
  return { autoTiers: e.MATCH_AUTO_TIERS, nameToleranceBps: e.MATCH_NAME_TOLERANCE_BPS };
}

/** Every rule's hits for every payment of the source, by payment key (attempt id for stored attempts). */
export async function findCandidates(
  db: Db,
  source: PaymentSource,
  settings: MatchSettings,
): Promise<Map<string, CandidateHit[]>> {
  const out = new Map<string, CandidateHit[]>();
  // JIT compiles the statement's many expressions for longer than it runs (the estimates of the
  // text splitting are high), so it is off for this transaction (or savepoint's transaction).
  const rows = await db.transaction(async (tx) => {
    // A merge join would walk every invoice-number index entry with a heap fetch each; a batch is
    // better served by hashing the payments' words and scanning the placements once.
    await queryStatement(
      tx,
      statement(() => "select set_config('jit', 'off', true), set_config('enable_mergejoin', 'off', true)"),
    );
    return queryStatement<HitRow>(
      tx,
      statement((p) => candidatesSql(p, source, settings.nameToleranceBps)),
    );
  });
  for (const r of rows) {
    const list = out.get(r.k) ?? [];
    list.push({
      placementId: r.placement_id,
      creditorId: r.creditor_id,
      debtorId: r.debtor_id,
      invoiceNumber: r.invoice_number,
      dueDate: r.due_date,
      openBalance: BigInt(r.open_balance),
      rule: r.rule as MatchRule,
      via: r.via,
    });
    out.set(r.k, list);
  }
  return out;
}

/** The cascade's decision for each payment of the source (one statement, then the domain's rules). */
export async function matchPayments(
  db: Db,
  source: PaymentSource,
  amounts: Map<string, bigint>,
  settings: MatchSettings = matchSettings(),
): Promise<Map<string, MatchDecision>> {
  const hits = await findCandidates(db, source, settings);
  const out = new Map<string, MatchDecision>();
  for (const [key, amount] of amounts) out.set(key, decideMatch(amount, hits.get(key) ?? [], settings));
  return out;
}

const meta = (key: string) => `p.metadata->>'${key}'`;
const UUID_RE = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

function sourceSql(p: Bind, source: PaymentSource): string {
  if (source.kind === "attempts")
    return `select a.id::text as k, a.amount, a.currency, a.metadata from payment_attempts a where a.id = any(${p(source.ids, "uuid[]")})`;
  const rows = source.payments.map((x, k) => ({
    k,
    row: { key: x.key, amount: x.amount, currency: x.currency, metadata: x.metadata },
  }));
  return `select v.key as k, v.amount, v.currency, v.metadata from ${recordset(p, { key: "text", amount: "bigint", currency: "text", metadata: "jsonb" }, rows)}`;
}

function candidatesSql(p: Bind, source: PaymentSource, toleranceBps: number): string {
  const texts = FACT_KEYS.texts.map((f) => `('${f}', ${meta(f)})`).join(", ");
  const emails = FACT_KEYS.emails.map((f) => `('${f}', lower(btrim(${meta(f)})))`).join(", ");
  const cols = `pl.id, pl.creditor_id, pl.debtor_id, pl.invoice_number, pl.due_date, pl.invoice_amount - pl.recovered_amount as open_balance`;
  // Rules 1, 3 and 4 probe indexes per payment (lateral, fenced by `offset 0` so the planner
  // cannot turn them into hash joins): few payments carry those facts, and hashing every debtor's
  // normalised name costs more than all the probes. Rule 2 joins the payments' words to the
  // invoice numbers as the planner sees fit (unnest's estimate of a few words per text, not
  // regexp_split_to_table's thousand, keeps it from hashing every placement).
  return `
    with p as materialized (${sourceSql(p, source)}),
    r1 as (
      select p.k, 1 as rule, '${FACT_KEYS.placementId}' as via, x.*
      from p cross join lateral (select ${cols} from placements pl
        where pl.id = (case when ${meta(FACT_KEYS.placementId)} ~ '${UUID_RE}' then (${meta(FACT_KEYS.placementId)})::uuid end)
          and pl.status = 'open' and pl.currency = p.currency offset 0) x),
    tok as (
      select p.k, p.currency, f.via, upper(btrim(t, '${TOKEN_TRIM}')) as tok
      from p cross join lateral (values ${texts}) f(via, txt)
      cross join lateral unnest(regexp_split_to_array(f.txt, '${TOKEN_SPLIT}')) t
      where f.txt is not null),
    r2 as (
      select distinct on (tok.k, pl.id) tok.k, 2 as rule, tok.via, ${cols}
      from tok join placements pl on upper(pl.invoice_number) = tok.tok
      where length(tok.tok) >= ${MIN_TOKEN} and pl.status = 'open' and pl.currency = tok.currency
      order by tok.k, pl.id, tok.via),
    r3 as (
      select distinct on (p.k, x.id) p.k, 3 as rule, e.via, x.*
      from p cross join lateral (values ${emails}) e(via, email)
      cross join lateral (select ${cols} from debtors d join placements pl on pl.debtor_id = d.id
        where lower(d.email) = e.email and pl.status = 'open' and pl.currency = p.currency
          and pl.invoice_amount - pl.recovered_amount = p.amount offset 0) x
      where e.email <> ''
      order by p.k, x.id, e.via),
    r4 as (
      select p.k, 4 as rule, '${FACT_KEYS.name}' as via, x.*
      from p cross join lateral (select btrim(regexp_replace(lower(${meta(FACT_KEYS.name)}), '[^a-z0-9]+', ' ', 'g')) as name) n
      cross join lateral (select ${cols} from debtors d join placements pl on pl.debtor_id = d.id
        where btrim(regexp_replace(lower(d.name), '[^a-z0-9]+', ' ', 'g')) = n.name
          and pl.status = 'open' and pl.currency = p.currency
          and abs(pl.invoice_amount - pl.recovered_amount - p.amount) * 10000 <= p.amount * ${p(toleranceBps, "int")} offset 0) x
      where n.name <> '')
    select h.k, h.rule, h.via, h.id as placement_id, h.creditor_id, h.debtor_id, h.invoice_number, h.due_date::text as due_date,
      h.open_balance::text as open_balance
    from (select * from r1 union all select * from r2 union all select * from r3 union all select * from r4) h`;
}
