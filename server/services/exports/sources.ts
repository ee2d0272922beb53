import { sql, type SQL } from "drizzle-orm";
import { formatMinorText } from "@/server/domain/money";
import type { CsvCell } from "@/server/lib/csv";
import { bpsToPct } from "../v1/objects";
import { commonConditions, type ExportFilters, type ExportType, whereAll } from "./filters";

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

/** Remittance rows with everything to reconcile them (also the rows of statement_lines). */
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

const LINE_KIND: Record<string, string> = { cleared: "payment", reversed: "reversal", reinstated: "reinstatement" };

/** The lines of a statement period: one per remittance row, as the statement lists them. */
const statementLines: ExportSource = {
  columns: [
    { key: "line_date", header: "line_date", description: "date of the movement (YYYY-MM-DD, UTC)" },
    { key: "line_type", header: "line_type", description: "payment, reversal or reinstatement" },
    { key: "invoice_number", header: "invoice_number", description: "your invoice number" },
    { key: "debtor_name", header: "debtor_name", description: "who paid" },
    { key: "placement_id", header: "placement_id", description: "the placement" },
    { key: "remittance_id", header: "remittance_id", description: "the remittance row" },
    { key: "currency", header: "currency", description: "ISO-4217" },
    ...money("recovered_amount", "recovered"),
    ...money("fee_amount", "fee"),
    ...money("net_remit_amount", "net"),
    { key: "contingency_pct_snapshot", header: "contingency_pct_snapshot", description: "rate applied, percent" },
  ],
  count: remittanceCount,
  page: remittancePage,
  record: (r) => {
    const full = remittances.record(r);
    return {
      ...full,
      line_date: String(r.k).slice(0, 10),
      line_type: LINE_KIND[r.status as string] ?? r.status,
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
