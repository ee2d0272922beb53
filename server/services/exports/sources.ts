import { sql, type SQL } from "drizzle-orm";
import { formatMinorText } from "@/server/domain/money";
import type { CsvCell } from "@/server/lib/csv";
import { bpsToPct } from "../v1/objects";
import { STATEMENT_CSV_COLUMNS, STATEMENT_COLUMN_TEXT } from "../statements/csv";
import { commonConditions, type ExportFilters, type ExportType, instant, whereAll } from "./filters";

/**
 * What each export type reads, as keyset pages in a stable order (sort key text `k`, then `id`),
 * so a page costs the same however deep it is and memory holds one page. Money columns come twice:
 * a decimal string with the currency's exponent (12.50, 1250 for JPY) and the integer minor units.
 */
export type ExportColumn = { key: string; header: string; description: string };
export type PageCursor = { k: string; id: string };
type Row = Record<string, string | number | null>;
export type ExportSource = {
  columns: readonly ExportColumn[];
  count: (f: ExportFilters, creditorId: string | null) => SQL;
  /** Rows in order past `after`: `limit` of them (a keyset page), or all (null: a cursor reads them). */
  page: (f: ExportFilters, creditorId: string | null, after: PageCursor | null, limit: number | null) => SQL;
  record: (row: Row) => Record<string, CsvCell>;
};

/** Milliseconds, as JavaScript's toISOString writes them (the statement's own CSV). */
const ISO_MS = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ISO = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const money = (key: string, what: string): ExportColumn[] => [
  { key, header: key, description: `${what}, decimal in the currency's exponent` },
  { key: `${key}_minor`, header: `${key}_minor`, description: `${what}, integer minor units` },
];
const decimal = (minor: string | number | null | undefined, currency: string) =>
  minor === null || minor === undefined ? null : formatMinorText(String(minor), currency);
const limitOf = (limit: number | null) => (limit === null ? sql`` : sql`limit ${limit}`);
const after = (p: PageCursor | null, key: SQL, id: SQL, cast: string) =>
  p ? [sql`(${key}, ${id}) > (${p.k}::${sql.raw(cast)}, ${p.id}::uuid)`] : [];

const REMITTANCE_COLUMNS: ExportColumn[] = [
  { key: "remittance_id", header: "remittance_id", description: "the remittance row (immutable)" },
  { key: "placement_id", header: "placement_id", description: "the placement (invoice placed for collection)" },
  { key: "invoice_number", header: "invoice_number", description: "your invoice number" },
  { key: "debtor_name", header: "debtor_name", description: "who paid" },
  { key: "occurred_at", header: "occurred_at", description: "when the money moved (ISO 8601, UTC)" },
  { key: "booked_at", header: "booked_at", description: "when we recorded the row (ISO 8601, UTC)" },
  { key: "status", header: "status", description: "cleared, reversed or reinstated" },
  { key: "reason", header: "reason", description: "refund, chargeback… for reversals and reinstatements" },
  { key: "parent_remittance_id", header: "parent_remittance_id", description: "the row a reversal reverses" },
  { key: "installment_id", header: "installment_id", description: "the plan installment it paid" },
  { key: "installment_seq", header: "installment_seq", description: "that installment's number in its plan" },
  { key: "currency", header: "currency", description: "ISO-4217" },
  ...money("recovered_amount", "recovered (negative on a reversal)"),
  ...money("fee_amount", "agency fee at the snapshotted rate"),
  ...money("net_remit_amount", "recovered − fee, owed to you"),
  { key: "contingency_pct_snapshot", header: "contingency_pct_snapshot", description: "rate applied, percent" },
  { key: "contingency_rate_bps", header: "contingency_rate_bps", description: "rate applied, basis points" },
  { key: "disbursement_id", header: "disbursement_id", description: "the disbursement that paid it out" },
  { key: "stripe_transfer_id", header: "stripe_transfer_id", description: "its Stripe transfer (tr_…)" },
  { key: "ach_reference", header: "ach_reference", description: "or its ACH reference" },
  { key: "qbo_payment_id", header: "qbo_payment_id", description: "the QuickBooks Payment Id of the payment" },
  {
    key: "qbo_sync_status",
    header: "qbo_sync_status",
    description: "pending, posted or failed (blank: not connected)",
  },
];

const remittanceWhere = (f: ExportFilters, creditorId: string | null) => {
  const conds = commonConditions(f, creditorId, {
    creditor: sql`r.creditor_id`,
    time: sql`r.occurred_at`,
    currency: sql`r.currency`,
    placement: sql`r.placement_id`,
  });
  if (f.status) conds.push(sql`r.status = ${f.status}::remittance_status`);
  return conds;
};

/** Remittance rows with everything to reconcile them. */
function remittancePage(f: ExportFilters, creditorId: string | null, p: PageCursor | null, limit: number | null) {
  const where = [...remittanceWhere(f, creditorId), ...after(p, sql`r.occurred_at`, sql`r.id`, "timestamptz")];
  return sql`select r.id::text as id, ${ISO(sql`r.occurred_at`)} as k, r.placement_id::text as placement_id,
      pl.invoice_number, d.name as debtor_name, ${ISO(sql`r.created_at`)} as booked_at, r.status::text as status,
      r.reason::text as reason, r.parent_remittance_id::text as parent_remittance_id, r.installment_id::text as installment_id,
      i.seq as installment_seq, r.currency, r.recovered_amount::text as recovered, r.fee_amount::text as fee,
      r.net_remit_amount::text as net, r.contingency_pct_snapshot as rate_bps, ds.id::text as disbursement_id,
      ds.stripe_transfer_id, ds.ach_reference, m.qbo_payment_id, m.status::text as qbo_status
    from remittances r
    join placements pl on pl.id = r.placement_id
    join debtors d on d.id = pl.debtor_id
    left join installments i on i.id = r.installment_id
    left join disbursement_items di on di.remittance_id = r.id
    left join disbursements ds on ds.id = di.disbursement_id
    left join qbo_payment_mappings m on m.payment_attempt_id = r.payment_attempt_id
    ${whereAll(where)} order by r.occurred_at, r.id ${limitOf(limit)}`;
}

const remittanceCount = (f: ExportFilters, c: string | null) =>
  sql`select count(*)::int as n from remittances r ${whereAll(remittanceWhere(f, c))}`;

const remittances: ExportSource = {
  columns: REMITTANCE_COLUMNS,
  count: remittanceCount,
  page: remittancePage,
  record: (r) => {
    const cur = r.currency as string;
    return {
      remittance_id: r.id,
      placement_id: r.placement_id,
      invoice_number: r.invoice_number,
      debtor_name: r.debtor_name,
      occurred_at: r.k,
      booked_at: r.booked_at,
      status: r.status,
      reason: r.reason,
      parent_remittance_id: r.parent_remittance_id,
      installment_id: r.installment_id,
      installment_seq: r.installment_seq,
      currency: cur,
      recovered_amount: decimal(r.recovered, cur),
      recovered_amount_minor: r.recovered,
      fee_amount: decimal(r.fee, cur),
      fee_amount_minor: r.fee,
      net_remit_amount: decimal(r.net, cur),
      net_remit_amount_minor: r.net,
      contingency_pct_snapshot: bpsToPct(Number(r.rate_bps)),
      contingency_rate_bps: r.rate_bps,
      disbursement_id: r.disbursement_id,
      stripe_transfer_id: r.stripe_transfer_id,
      ach_reference: r.ach_reference,
      qbo_payment_id: r.qbo_payment_id,
      qbo_sync_status: r.qbo_status,
    };
  },
};

/**
 * The lines of issued statements, exactly as the statements list them (the stored lines of each
 * statement's latest version, never recomputed): one file reconciles with the PDFs, adjustments
 * and fees owed on direct payments included. The columns are the statement CSV's. A statement is
 * in when its month overlaps the occurred_from…occurred_to range.
 */
const statementWhere = (f: ExportFilters, creditorId: string | null) => {
  const conds = commonConditions({ ...f, occurred_from: undefined, occurred_to: undefined }, creditorId, {
    creditor: sql`s.creditor_id`,
    time: sql`sl.occurred_at`,
    currency: sql`sl.currency`,
    placement: sql`sl.placement_id`,
  });
  const monthStart = sql`to_date(s.period || '-01', 'YYYY-MM-DD')::timestamp at time zone 'UTC'`;
  if (f.occurred_from)
    conds.push(sql`${monthStart} + interval '1 month' > ${instant(f.occurred_from).toISOString()}::timestamptz`);
  if (f.occurred_to) conds.push(sql`${monthStart} < ${instant(f.occurred_to, true).toISOString()}::timestamptz`);
  conds.push(sql`not exists (select 1 from statements later where later.creditor_id = s.creditor_id
      and later.period = s.period and later.version > s.version)`);
  return conds;
};
// Keyset: period, statement number, line number (the statement's own order); `id` is the statement.
const statementLineKey = sql`s.period || '/' || s.number || '/' || lpad(sl.seq::text, 10, '0')`;

const statementLines: ExportSource = {
  columns: STATEMENT_CSV_COLUMNS.map((key) => ({ key, header: key, description: STATEMENT_COLUMN_TEXT[key] })),
  count: (f, c) =>
    sql`select count(*)::int as n from statement_lines sl join statements s on s.id = sl.statement_id
      ${whereAll(statementWhere(f, c))}`,
  page: (f, c, p, limit) =>
    sql`select s.id::text as id, ${statementLineKey} as k, s.number, s.version, s.period, sl.seq, sl.currency, sl.kind,
        sl.label, ${ISO_MS(sql`sl.occurred_at`)} as occurred_at, ${ISO_MS(sql`sl.booked_at`)} as booked_at,
        sl.original_period, sl.invoice_number, sl.debtor_name, sl.placement_id::text as placement_id,
        sl.remittance_id::text as remittance_id, sl.parent_remittance_id::text as parent_remittance_id, sl.reference,
        sl.recovered::text as recovered, sl.rate_bps, sl.fee::text as fee, sl.net::text as net, sl.qbo_state,
        sl.journal_entry_id::text as journal_entry_id
      from statement_lines sl join statements s on s.id = sl.statement_id
      ${whereAll([...statementWhere(f, c), ...after(p, statementLineKey, sql`s.id`, "text")])}
      order by ${statementLineKey}, s.id ${limitOf(limit)}`,
  record: (r) => {
    const cur = String(r.currency).trim();
    return {
      statement_number: r.number,
      version: r.version,
      period: r.period,
      seq: r.seq,
      currency: cur,
      kind: r.kind,
      description: r.label,
      occurred_at: r.occurred_at,
      booked_at: r.booked_at,
      original_period: r.original_period,
      invoice_number: r.invoice_number,
      debtor_name: r.debtor_name,
      placement_id: r.placement_id,
      remittance_id: r.remittance_id,
      parent_remittance_id: r.parent_remittance_id,
      reference: r.reference,
      recovered_amount: decimal(r.recovered, cur),
      recovered_amount_minor: r.recovered,
      rate_bps: r.rate_bps,
      fee_amount: decimal(r.fee, cur),
      fee_amount_minor: r.fee,
      net_amount: decimal(r.net, cur),
      net_amount_minor: r.net,
      qbo_sync_state: r.qbo_state,
      journal_entry_id: r.journal_entry_id,
    };
  },
};

const placementWhere = (f: ExportFilters, creditorId: string | null) => {
  const conds = commonConditions({ ...f, placement_id: undefined }, creditorId, {
    creditor: sql`pl.creditor_id`,
    time: sql`pl.placed_at`,
    currency: sql`pl.currency`,
  });
  if (f.placement_id) conds.push(sql`pl.id = ${f.placement_id}::uuid`);
  if (f.status) conds.push(sql`pl.status = ${f.status}::placement_status`);
  return conds;
};

const placements: ExportSource = {
  columns: [
    { key: "placement_id", header: "placement_id", description: "the placement" },
    { key: "invoice_number", header: "invoice_number", description: "your invoice number" },
    { key: "qbo_invoice_id", header: "qbo_invoice_id", description: "the QuickBooks invoice Id" },
    { key: "debtor_name", header: "debtor_name", description: "the debtor" },
    { key: "debtor_email", header: "debtor_email", description: "the debtor's email" },
    { key: "status", header: "status", description: "open, paid, closed_uncollected, recalled" },
    { key: "currency", header: "currency", description: "ISO-4217" },
    ...money("invoice_amount", "invoice amount"),
    ...money("recovered_amount", "recovered so far"),
    ...money("fee_amount", "fee so far"),
    ...money("balance_amount", "invoice − recovered"),
    { key: "due_date", header: "due_date", description: "YYYY-MM-DD" },
    { key: "placed_at", header: "placed_at", description: "ISO 8601, UTC" },
  ],
  count: (f, c) => sql`select count(*)::int as n from placements pl ${whereAll(placementWhere(f, c))}`,
  page: (f, c, p, limit) =>
    sql`select pl.id::text as id, ${ISO(sql`pl.placed_at`)} as k, pl.invoice_number, pl.qbo_invoice_id, d.name as debtor_name,
        d.email as debtor_email, pl.status::text as status, pl.currency, pl.invoice_amount::text as invoice,
        pl.recovered_amount::text as recovered, pl.fee_amount::text as fee,
        (pl.invoice_amount - pl.recovered_amount)::text as balance, pl.due_date::text as due_date
      from placements pl join debtors d on d.id = pl.debtor_id
      ${whereAll([...placementWhere(f, c), ...after(p, sql`pl.placed_at`, sql`pl.id`, "timestamptz")])}
      order by pl.placed_at, pl.id ${limitOf(limit)}`,
  record: (r) => {
    const cur = r.currency as string;
    return {
      ...r,
      placement_id: r.id,
      placed_at: r.k,
      invoice_amount: decimal(r.invoice, cur),
      invoice_amount_minor: r.invoice,
      recovered_amount: decimal(r.recovered, cur),
      recovered_amount_minor: r.recovered,
      fee_amount: decimal(r.fee, cur),
      fee_amount_minor: r.fee,
      balance_amount: decimal(r.balance, cur),
      balance_amount_minor: r.balance,
    };
  },
};

const ledgerWhere = (f: ExportFilters, creditorId: string | null) =>
  commonConditions(f, creditorId, {
    creditor: sql`je.creditor_id`,
    time: sql`je.occurred_at`,
    currency: sql`po.currency`,
    placement: sql`po.placement_id`,
  });

/** Journal postings (agency staff only): debit positive, credit negative; every entry sums to zero per currency. */
const ledger: ExportSource = {
  columns: [
    { key: "entry_id", header: "entry_id", description: "the journal entry" },
    { key: "occurred_at", header: "occurred_at", description: "ISO 8601, UTC" },
    { key: "kind", header: "kind", description: "payment_cleared, refund, chargeback, disbursement…" },
    { key: "description", header: "description", description: "what happened" },
    { key: "posting_id", header: "posting_id", description: "the posting" },
    { key: "account", header: "account", description: "account code" },
    { key: "creditor_id", header: "creditor_id", description: "creditor of the posting" },
    { key: "placement_id", header: "placement_id", description: "placement of the posting" },
    { key: "currency", header: "currency", description: "ISO-4217" },
    ...money("amount", "debit positive, credit negative"),
  ],
  count: (f, c) =>
    sql`select count(*)::int as n from postings po join journal_entries je on je.id = po.entry_id ${whereAll(ledgerWhere(f, c))}`,
  page: (f, c, p, limit) =>
    sql`select po.id::text as id, ${ISO(sql`je.occurred_at`)} as k, je.id::text as entry_id, je.kind, je.description,
        po.account, po.creditor_id::text as creditor_id, po.placement_id::text as placement_id, po.currency,
        po.amount::text as amount
      from postings po join journal_entries je on je.id = po.entry_id
      ${whereAll([...ledgerWhere(f, c), ...after(p, sql`je.occurred_at`, sql`po.id`, "timestamptz")])}
      order by je.occurred_at, po.id ${limitOf(limit)}`,
  record: (r) => ({
    ...r,
    posting_id: r.id,
    occurred_at: r.k,
    amount: decimal(r.amount, r.currency as string),
    amount_minor: r.amount,
  }),
};

export const SOURCES: Record<ExportType, ExportSource> = {
  remittances,
  placements,
  statement_lines: statementLines,
  ledger,
};
