/**
 * What a statement line is and how it reads: its kind (payment, partial, installment n of m,
 * reversal of a row, reinstatement, disbursement…), whether it is a prior-period adjustment, and
 * the order lines are listed in. Pure: the statement service fills the facts from the database.
 */
import type { Movement } from "./statements";

export const LINE_KINDS = [
  "payment",
  "partial",
  "installment",
  "reversal",
  "reinstatement",
  "direct_payment_fee",
  "disbursement",
  "disbursement_return",
  "adjustment",
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** The movement figure each kind of line adds to. */
export const LINE_MOVEMENT: Record<LineKind, Movement> = {
  payment: "collection",
  partial: "collection",
  installment: "collection",
  reversal: "reversal",
  reinstatement: "reinstatement",
  direct_payment_fee: "direct_payment_fee",
  disbursement: "disbursement",
  disbursement_return: "disbursement_return",
  adjustment: "other",
};

/** One line of a statement, as stored with the issued statement and drawn in its PDF and CSV. */
export type StatementLine = {
  /** Position in the statement (1-based), the order of the PDF and CSV. */
  seq: number;
  currency: string;
  kind: LineKind;
  /** "Installment 2 of 5", "Chargeback of row 3f2a… (2026-10-14)"… */
  label: string;
  /** When the ledger booked it. */
  bookedAt: Date;
  /** When it happened (the payment, refund or transfer date). */
  occurredAt: Date;
  /** Set for a prior-period adjustment: the earlier period the event belongs to. */
  originalPeriod: string | null;
  invoiceNumber: string | null;
  debtorName: string | null;
  placementId: string | null;
  remittanceId: string | null;
  /** For a reversal or reinstatement: the row it reverses. */
  parentRemittanceId: string | null;
  /** Stripe transfer id, ACH reference, refund or dispute id, document number. */
  reference: string | null;
  /** Gross recovered through the agency (negative on a reversal). */
  recovered: bigint;
  /** The contingency rate snapshotted on the remittance row, in basis points. */
  rateBps: number | null;
  /** Fee kept by the agency (negative when returned; on a direct payment, the fee owed). */
  fee: bigint;
  /** Effect on what the agency owes the creditor (negative for a disbursement or a fee owed). */
  net: bigint;
  /** QuickBooks writeback state of the payment: posted, pending, failed; null when not applicable. */
  qboState: string | null;
  journalEntryId: string;
};

/** Collection kind of a cleared row: an installment of a plan, the whole invoice at once, or a part of it. */
export function collectionKind(row: {
  installmentSeq: number | null;
  recovered: bigint;
  invoiceAmount: bigint;
}): LineKind {
  if (row.installmentSeq !== null) return "installment";
  return row.recovered >= row.invoiceAmount ? "payment" : "partial";
}

const shortId = (id: string) => id.slice(0, 8);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The words a line's kind column shows. */
export function lineLabel(l: {
  kind: LineKind;
  installmentSeq?: number | null;
  installmentCount?: number | null;
  reason?: string | null;
  parentRemittanceId?: string | null;
  parentOccurredAt?: Date | null;
}): string {
  switch (l.kind) {
    case "payment":
      return "Payment in full";
    case "partial":
      return "Partial payment";
    case "installment":
      return `Installment ${l.installmentSeq ?? "?"} of ${l.installmentCount ?? "?"}`;
    case "reversal": {
      const what = l.reason === "chargeback" ? "Chargeback" : l.reason === "refund" ? "Refund" : "Reversal";
      const parent = l.parentRemittanceId ? ` of row ${shortId(l.parentRemittanceId)}` : "";
      return `${what}${parent}${l.parentOccurredAt ? ` (${day(l.parentOccurredAt)})` : ""}`;
    }
    case "reinstatement":
      return `Reinstatement${l.parentRemittanceId ? ` of reversal ${shortId(l.parentRemittanceId)}` : ""}`;
    case "direct_payment_fee":
      return "Fee owed on a direct payment";
    case "disbursement":
      return "Disbursement to you";
    case "disbursement_return":
      return "Disbursement returned";
    case "adjustment":
      return "Ledger adjustment";
  }
}

const GROUP: Record<LineKind, number> = {
  payment: 0,
  partial: 0,
  installment: 0,
  reversal: 0,
  reinstatement: 0,
  direct_payment_fee: 0,
  adjustment: 0,
  disbursement: 2,
  disbursement_return: 2,
};

/**
 * The order of a statement's lines: by currency; within it, this period's activity, then
 * prior-period adjustments, then disbursements; each group by occurrence time then journal entry.
 */
export function compareLines(a: Omit<StatementLine, "seq" | "label">, b: Omit<StatementLine, "seq" | "label">): number {
  const group = (l: typeof a) => (GROUP[l.kind] === 0 && l.originalPeriod ? 1 : GROUP[l.kind]);
  return (
    (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0) ||
    group(a) - group(b) ||
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    (a.journalEntryId < b.journalEntryId ? -1 : a.journalEntryId > b.journalEntryId ? 1 : 0) ||
    ((a.remittanceId ?? "") < (b.remittanceId ?? "") ? -1 : (a.remittanceId ?? "") > (b.remittanceId ?? "") ? 1 : 0)
  );
}

/** A line's identity across versions of one statement (the same journal entry and record). */
export const lineKey = (l: Pick<StatementLine, "journalEntryId" | "remittanceId">) =>
  `${l.journalEntryId}:${l.remittanceId ?? "-"}`;
