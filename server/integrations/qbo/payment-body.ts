import { minorToQboAmount } from "./amounts";
import { QBO_REQUEST_ID_MAX } from "./client";
import { type QboPaymentCreate, memoStamp } from "./types";
import { QBO_MAX_LENGTH, fitHead, fitTail, qboDate } from "./fields";

/**
 * The QBO `requestid` for the writeback of one payment attempt: derived from our id, so a retry
 * after a lost answer is the same request (QBO replays its first answer instead of posting twice).
 * `generation` counts definite refusals: QBO would replay a refusal for ever too, so the attempt
 * after one (the cause fixed) is a new request, `pay-{id}-n{generation}`.
 */
export function writebackRequestId(paymentAttemptId: string, generation = 0): string {
  const id = `pay-${paymentAttemptId}${generation > 0 ? `-n${generation}` : ""}`;
  if (id.length > QBO_REQUEST_ID_MAX) throw new Error(`requestid ${id} exceeds ${QBO_REQUEST_ID_MAX} characters`);
  return id;
}

/** Which generation a writeback requestid is (0 for the first). */
export function requestIdGeneration(requestId: string): number {
  const m = /-n(\d+)$/.exec(requestId);
  return m ? Number(m[1]) : 0;
}

export type WritebackInput = {
  customerId: string;
  invoiceId: string;
  amount: bigint;
  currency: string;
  placementId: string;
  /** Our reference for the money (e.g. the Stripe PaymentIntent id). */
  paymentRef: string;
  /** YYYY-MM-DD the money was received. */
  txnDate: string;
};

/**
 * The Payment we post for a recovered amount: applied in full to the placed invoice, memo
 * stamped `[ai-collect:placement={id}]` so our own writes are recognised when QBO reports them back.
 */
export function writebackPayment(input: WritebackInput): QboPaymentCreate {
  if (input.amount <= 0n) throw new Error("A QBO payment writeback needs a positive amount.");
  const amount = minorToQboAmount(input.amount, input.currency);
  return {
    CustomerRef: { value: input.customerId },
    TotalAmt: amount,
    TxnDate: qboDate(input.txnDate),
    PaymentRefNum: fitTail(input.paymentRef, QBO_MAX_LENGTH.PaymentRefNum),
    PrivateNote: fitHead(`${memoStamp(input.placementId)} ref ${input.paymentRef}`, QBO_MAX_LENGTH.PrivateNote),
    CurrencyRef: { value: input.currency },
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: input.invoiceId, TxnType: "Invoice" }] }],
  };
}
