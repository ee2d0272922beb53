import Stripe from "stripe";
import { toStripeAmount } from "./amounts";

/** What one disbursement asks Stripe to move to the creditor's connected account. */
export type TransferRequest = {
  disbursementId: string;
  /** The creditor's connected account (`acct_…`). */
  destination: string;
  /** Our minor units (converted to Stripe's integer amount here). */
  amount: bigint;
  currency: string;
  /** The outbox key, `transfer:<disbursementId>`: every attempt of one disbursement is the same request to Stripe. */
  idempotencyKey: string;
};

/** The transfer group of a disbursement: how a transfer is found again when an attempt's answer was lost. */
export const transferGroupOf = (disbursementId: string) => `disbursement:${disbursementId}`;

/** POST /v1/transfers with our idempotency key; the parameters never vary between attempts (Stripe refuses a key reused with others). */
export function createTransfer(stripe: Stripe, r: TransferRequest): Promise<Stripe.Transfer> {
  return stripe.transfers.create(
    {
      amount: toStripeAmount(r.amount, r.currency),
      currency: r.currency.toLowerCase(),
      destination: r.destination,
      transfer_group: transferGroupOf(r.disbursementId),
      metadata: { disbursement_id: r.disbursementId },
    },
    { idempotencyKey: r.idempotencyKey },
  );
}

/**
 * The transfer an earlier attempt already created for this disbursement, if any. Needed because
 * Stripe replays a key's first answer, a 500 included, for at least 24 hours: after an uncertain
 * attempt, only a look-up tells whether the money moved.
 */
export async function findTransfer(stripe: Stripe, disbursementId: string): Promise<Stripe.Transfer | null> {
  const page = await stripe.transfers.list({ transfer_group: transferGroupOf(disbursementId), limit: 10 });
  return page.data.find((t) => t.metadata?.disbursement_id === disbursementId) ?? null;
}

/** A Stripe failure in a sentence, and whether retrying the same request can ever help. */
export function describeTransferError(err: unknown): {
  message: string;
  code: string | null;
  statusCode: number | null;
  isPermanent: boolean;
  /** Stripe refused the request itself (a 4xx other than rate limits and lock conflicts): no transfer exists. */
  isRefusal: boolean;
} {
  if (err instanceof Stripe.errors.StripeError) {
    const statusCode = err.statusCode ?? null;
    const message = `Stripe ${statusCode ?? "error"} ${err.rawType ?? err.type}${err.code ? ` (${err.code})` : ""}: ${err.message}`;
    // Same key, other parameters: retrying can only fail the same way until a person looks.
    // A 400/402/404 is Stripe's answer to the request itself (docs.stripe.com/api/errors): the same
    // request gets the same answer; 409 (lock) and 429 (rate limit) are worth retrying.
    const isRefusal =
      !(err instanceof Stripe.errors.StripeIdempotencyError) &&
      statusCode !== null &&
      [400, 402, 404].includes(statusCode);
    return {
      message,
      code: err.code ?? null,
      statusCode,
      isPermanent: err instanceof Stripe.errors.StripeIdempotencyError || isRefusal,
      isRefusal,
    };
  }
  return {
    message: err instanceof Error ? err.message : String(err),
    code: null,
    statusCode: null,
    isPermanent: false,
    isRefusal: false,
  };
}
