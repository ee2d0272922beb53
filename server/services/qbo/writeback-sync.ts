import { minorToQboAmount, qboAmountToMinor } from "@/server/integrations/qbo/amounts";
import type { QboClient } from "@/server/integrations/qbo/client";
import { QboError } from "@/server/integrations/qbo/errors";
import type { QboPayment } from "@/server/integrations/qbo/types";

/**
 * Reversals in QuickBooks. A refund or chargeback changes how much of a payment reached the
 * creditor; the QBO Payment we posted for it must follow, or the invoice would look paid for money
 * that went back to the debtor. Decision (per the QBO facts we rely on: payments are updated with
 * their SyncToken, a stale one answers 5010, voided transactions stay visible):
 *  - partly reversed → sparse-update the same Payment to the payment's remaining net amount;
 *  - fully reversed  → VOID the Payment (not delete): QBO keeps it with zero amounts and "Voided" in
 *    the memo, so the creditor's books still show that the money came and went;
 *  - money reinstated (dispute won) → update the Payment back up; a voided Payment cannot be
 *    un-voided, so that rare case fails visibly for a person to record by hand.
 * The target is absolute (the payment's net), never a delta, so repeating a sync changes nothing.
 */
export class WritebackProblem extends Error {
  override readonly name = "WritebackProblem";
  constructor(
    message: string,
    readonly code: string,
    /** Worth retrying without anyone changing anything. */
    readonly isRetryable = false,
  ) {
    super(message);
  }
}

/** How much of `payment` is applied to `invoiceId` (0 when voided), in minor units. */
export function appliedToInvoice(payment: QboPayment, invoiceId: string, currency: string): bigint {
  let total = 0n;
  for (const line of payment.Line ?? []) {
    if (line.LinkedTxn.some((t) => t.TxnType === "Invoice" && t.TxnId === invoiceId))
      total += qboAmountToMinor(line.Amount, currency);
  }
  return total;
}

export const isVoided = (p: QboPayment) => Number(p.TotalAmt) === 0 && (p.Line ?? []).length === 0;

export type SyncAction = "none" | "updated" | "voided";

/** Bring the QBO Payment to `target` applied on the invoice. One re-read and retry on a stale SyncToken. */
export async function syncPaymentAmount(
  client: QboClient,
  ref: { paymentAttemptId: string; invoiceId: string; currency: string; generation?: number },
  payment: QboPayment,
  target: bigint,
): Promise<{ payment: QboPayment; action: SyncAction }> {
  let current = payment;
  // After a definite refusal the mapping moves to a new generation, and so do these ids (see writebackRequestId).
  const gen = ref.generation ? `-n${ref.generation}` : "";
  for (let attempt = 0; ; attempt++) {
    const applied = appliedToInvoice(current, ref.invoiceId, ref.currency);
    if (applied === target) return { payment: current, action: "none" };
    try {
      if (target === 0n) {
        const voided = await client.voidPayment(
          { Id: current.Id, SyncToken: current.SyncToken },
          { requestId: `void-${ref.paymentAttemptId}-${current.SyncToken}${gen}` },
        );
        return { payment: voided, action: "voided" };
      }
      if (isVoided(current)) {
        throw new WritebackProblem(
          `QuickBooks payment ${current.Id} was voided after a full reversal; the ${target} minor units reinstated since cannot be added to it. Record them in QuickBooks by hand.`,
          "voided",
        );
      }
      const amount = minorToQboAmount(target, ref.currency);
      const updated = await client.updatePayment(
        {
          Id: current.Id,
          SyncToken: current.SyncToken,
          CustomerRef: current.CustomerRef,
          TotalAmt: amount,
          Line: [{ Amount: amount, LinkedTxn: [{ TxnId: ref.invoiceId, TxnType: "Invoice" }] }],
        },
        { requestId: `upd-${ref.paymentAttemptId}-${current.SyncToken}${gen}` },
      );
      return { payment: updated, action: "updated" };
    } catch (err) {
      // Someone (or our own lost answer) changed the Payment since we read it: read again, once.
      if (!(err instanceof QboError && err.kind === "stale") || attempt > 0) throw err;
      current = await client.getPayment(current.Id);
    }
  }
}
