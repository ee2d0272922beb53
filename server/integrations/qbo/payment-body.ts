import { minorToQboAmount } from "./amounts";
import { QBO_REQUEST_ID_MAX } from "./client";
import { type QboPaymentCreate, memoStamp } from "./types";

/** QBO documents PaymentRefNum as at most 21 characters. */
const PAYMENT_REF_MAX = 21;

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
  // Keep the tail: it is the unique end of ids like pi_3Nc….
  const ref = input.paymentRef.length > PAYMENT_REF_MAX ? input.paymentRef.slice(-PAYMENT_REF_MAX) : input.paymentRef;
  return {
    CustomerRef: { value: input.customerId },
    TotalAmt: amount,
    TxnDate: input.txnDate,
    PaymentRefNum: ref,
    PrivateNote: `${memoStamp(input.placementId)} ref ${input.paymentRef}`,
    CurrencyRef: { value: input.currency },
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: input.invoiceId, TxnType: "Invoice" }] }],
  };
}
