import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/rows";
import {
  collectionKind,
  compareLines,
  lineLabel,
  type LineKind,
  type StatementLine,
} from "@/server/domain/statement-lines";
import { periodOf } from "@/server/domain/statement-period";
import { accountSums, effectFromPostings } from "@/server/domain/statements";
import type { BookedEntry } from "./ledger-read";

/**
 * A statement's lines, built from the records behind each booked entry, NOT from its postings:
 * remittance rows (recovered, rate snapshot, fee, net as stored on the row), disbursements (their
 * amount and transfer id or ACH reference). The tie-out then compares these with the postings.
 * An entry of a kind with no record of its own (a returned transfer, a fee owed on a direct
 * payment, anything added later) is shown from its postings, named by its shape.
 */
type RemittanceRow = {
  id: string;
  journal_entry_id: string;
  status: "cleared" | "reversed" | "reinstated";
  reason: string | null;
  external_ref: string | null;
  recovered: string;
  fee: string;
  net: string;
  currency: string;
  rate_bps: number;
  occurred_at: Date | string;
  parent_remittance_id: string | null;
  parent_occurred_at: Date | string | null;
  placement_id: string;
  invoice_number: string;
  invoice_amount: string;
  debtor_name: string;
  installment_seq: number | null;
  installment_count: number | null;
  qbo_status: string | null;
};

type DisbursementRow = {
  id: string;
  journal_entry_id: string;
  amount: string;
  currency: string;
  stripe_transfer_id: string | null;
  ach_reference: string | null;
};

const CHUNK = 5_000;
async function inChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}
const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

const remittanceRows = (db: Db, ids: string[]) =>
  inChunks(ids, (chunk) =>
    queryRows<RemittanceRow>(
      db,
      sql`select r.id::text, r.journal_entry_id::text, r.status, r.reason, r.external_ref,
          r.recovered_amount::text as recovered, r.fee_amount::text as fee, r.net_remit_amount::text as net,
          r.currency, r.contingency_pct_snapshot as rate_bps, r.occurred_at, r.parent_remittance_id::text,
          par.occurred_at as parent_occurred_at, r.placement_id::text, pl.invoice_number,
          pl.invoice_amount::text as invoice_amount, d.name as debtor_name, i.seq as installment_seq,
          (select count(*)::int from installments i2 where i2.plan_id = i.plan_id) as installment_count,
          m.status::text as qbo_status
        from remittances r
        join placements pl on pl.id = r.placement_id
        join debtors d on d.id = pl.debtor_id
        left join installments i on i.id = r.installment_id
        left join remittances par on par.id = r.parent_remittance_id
        left join qbo_payment_mappings m on m.payment_attempt_id = r.payment_attempt_id and r.status = 'cleared'
        where r.journal_entry_id in (${idList(chunk)})`,
    ),
  );

const disbursementRows = (db: Db, ids: string[]) =>
  inChunks(ids, (chunk) =>
    queryRows<DisbursementRow>(
      db,
      sql`select id::text, journal_entry_id::text, amount::text, currency, stripe_transfer_id, ach_reference
        from disbursements where journal_entry_id in (${idList(chunk)})`,
    ),
  );

const documentNumbers = (db: Db, ids: string[]) =>
  inChunks(ids, (chunk) =>
    queryRows<{ journal_entry_id: string; number: string; invoice_number: string | null }>(
      db,
      sql`select d.journal_entry_id::text, d.number, pl.invoice_number from accounting_documents d
        left join placements pl on pl.id = d.placement_id
        where d.journal_entry_id in (${idList(chunk)})`,
    ),
  );

type Draft = Omit<StatementLine, "seq">;

function remittanceLine(r: RemittanceRow, e: BookedEntry, originalPeriod: string | null): Draft {
  const recovered = BigInt(r.recovered);
  const kind: LineKind =
    r.status === "reversed"
      ? "reversal"
      : r.status === "reinstated"
        ? "reinstatement"
        : collectionKind({ installmentSeq: r.installment_seq, recovered, invoiceAmount: BigInt(r.invoice_amount) });
  return {
    currency: r.currency.trim(),
    kind,
    label: lineLabel({
      kind,
      installmentSeq: r.installment_seq,
      installmentCount: r.installment_count,
      reason: r.reason,
      parentRemittanceId: r.parent_remittance_id,
      parentOccurredAt: r.parent_occurred_at ? new Date(r.parent_occurred_at) : null,
    }),
    bookedAt: e.bookedAt,
    occurredAt: new Date(r.occurred_at),
    originalPeriod,
    invoiceNumber: r.invoice_number,
    debtorName: r.debtor_name,
    placementId: r.placement_id,
    remittanceId: r.id,
    parentRemittanceId: r.parent_remittance_id,
    reference: r.external_ref,
    recovered,
    rateBps: r.rate_bps,
    fee: BigInt(r.fee),
    net: BigInt(r.net),
    qboState: r.qbo_status,
    journalEntryId: e.entryId,
  };
}

const blank = (e: BookedEntry, originalPeriod: string | null) => ({
  bookedAt: e.bookedAt,
  occurredAt: e.occurredAt,
  originalPeriod,
  invoiceNumber: null,
  debtorName: null,
  placementId: null,
  remittanceId: null,
  parentRemittanceId: null,
  rateBps: null,
  qboState: null,
  journalEntryId: e.entryId,
});

const SHAPE_KIND: Record<string, LineKind> = {
  collection: "adjustment",
  reversal: "adjustment",
  reinstatement: "adjustment",
  direct_payment_fee: "direct_payment_fee",
  disbursement: "disbursement",
  disbursement_return: "disbursement_return",
  other: "adjustment",
};

/** Lines of entries without a remittance or disbursement record, one per currency they move, from their postings. */
function postingLines(
  e: BookedEntry,
  payable: string,
  doc: { number: string; invoice_number: string | null } | undefined,
  originalPeriod: string | null,
): Draft[] {
  const out: Draft[] = [];
  for (const [currency, sums] of accountSums(e.postings, payable)) {
    const effect = effectFromPostings(e.kind, sums);
    if (effect.net === 0n && effect.fee === 0n) continue;
    const kind = SHAPE_KIND[effect.movement]!;
    const transfer = e.sourceRef?.startsWith("transfer_reversal:") ? (e.sourceRef.split(":")[1] ?? null) : null;
    out.push({
      ...blank(e, originalPeriod),
      currency,
      kind,
      label: lineLabel({ kind }),
      invoiceNumber: doc?.invoice_number ?? null,
      reference: transfer ?? doc?.number ?? e.sourceRef,
      recovered: effect.movement === "direct_payment_fee" ? 0n : effect.recovered,
      fee: effect.fee,
      net: effect.net,
    });
  }
  return out;
}

/**
 * The lines of `entries`, in statement order and numbered. `period` decides which are prior-period
 * adjustments (entries that happened in an earlier month of `timeZone`).
 */
export async function buildLines(
  db: Db,
  p: { entries: BookedEntry[]; payable: string; period: string; timeZone: string },
): Promise<StatementLine[]> {
  // One after another: inside a transaction they share one connection.
  const ofKind = (test: (kind: string) => boolean) => p.entries.filter((e) => test(e.kind)).map((e) => e.entryId);
  const remIds = ofKind((k) => k !== "disbursement");
  const disbIds = ofKind((k) => !KNOWN_RECORD_KINDS.has(k) || k === "disbursement");
  const docIds = ofKind((k) => !KNOWN_RECORD_KINDS.has(k));
  const rems = remIds.length ? await remittanceRows(db, remIds) : [];
  const disbs = disbIds.length ? await disbursementRows(db, disbIds) : [];
  const docs = docIds.length ? await documentNumbers(db, docIds) : [];
  const byEntry = <T extends { journal_entry_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.journal_entry_id, [...(m.get(r.journal_entry_id) ?? []), r]);
    return m;
  };
  const remByEntry = byEntry(rems);
  const disbByEntry = byEntry(disbs);
  const docByEntry = new Map(docs.map((d) => [d.journal_entry_id, d]));
  const drafts: Draft[] = [];
  for (const e of p.entries) {
    const occurred = periodOf(e.occurredAt, p.timeZone);
    const originalPeriod = occurred < p.period ? occurred : null;
    const rs = remByEntry.get(e.entryId);
    const ds = disbByEntry.get(e.entryId);
    if (rs) for (const r of rs) drafts.push(remittanceLine(r, e, originalPeriod));
    else if (ds)
      for (const d of ds) {
        const amount = BigInt(d.amount);
        drafts.push({
          ...blank(e, originalPeriod),
          currency: d.currency.trim(),
          kind: "disbursement",
          label: lineLabel({ kind: "disbursement" }),
          reference: d.stripe_transfer_id ?? d.ach_reference ?? `disbursement ${d.id.slice(0, 8)} (reference pending)`,
          recovered: 0n,
          fee: 0n,
          net: -amount,
        });
      }
    else if (!KNOWN_RECORD_KINDS.has(e.kind))
      drafts.push(...postingLines(e, p.payable, docByEntry.get(e.entryId), originalPeriod));
    // A known kind whose record is missing gets no line: the tie-out then names the entry.
  }
  return drafts.sort(compareLines).map((d, i) => ({ ...d, seq: i + 1 }));
}

/** Kinds whose line must come from a remittance row or a disbursement, never from postings. */
export const KNOWN_RECORD_KINDS = new Set(["payment_cleared", "refund", "chargeback", "reinstatement", "disbursement"]);
