import type Stripe from "stripe";
import { and, eq, like, or, sql } from "drizzle-orm";
import { accountingDocuments, paymentAttempts } from "@/db/schema";
import { paymentDocumentNumber } from "@/server/domain/document-numbers";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import { refundsKey } from "./refunds";
import { idOf, paymentKeys, paymentLockKey, type StripeEventHandler } from "./types";

/**
 * `charge.refunded` carries only the charge's cumulative `amount_refunded` (no refund list since
 * API 2022-11-15), so it books nothing itself: refunds are booked once each, by `re_…` id, from
 * the `refund.*` events. Here we only check the total: when the booked refunds reach
 * `amount_refunded` the event is done; until then it stays parked and is re-checked every time a
 * refund of this payment is booked (or resolved through the API, see stripe-inbox).
 */
export const chargeRefunded: StripeEventHandler = {
  lockKey: (event) => {
    const c = event.data.object as Stripe.Charge;
    return paymentLockKey(idOf(c.payment_intent), c.id);
  },
  handle: async (ctx) => {
    const charge = ctx.event.data.object as Stripe.Charge;
    const pi = idOf(charge.payment_intent);
    const money = fromStripeAmount(charge.amount_refunded, charge.currency);
    if (!money.ok) return { status: "failed", reason: `charge ${charge.id}: ${money.reason}` };
    const conds = [
      eq(paymentAttempts.chargeId, charge.id),
      pi ? and(eq(paymentAttempts.source, "stripe"), eq(paymentAttempts.externalId, pi)) : undefined,
    ].filter(Boolean);
    const [payment] = await ctx.db
      .select({ externalId: paymentAttempts.externalId })
      .from(paymentAttempts)
      .where(or(...conds))
      .limit(1);
    if (!payment)
      return {
        status: "parked",
        reason: `charge ${charge.id} refunded before its payment arrived`,
        waitFor: paymentKeys(pi, charge.id),
      };
    const [row] = await ctx.db
      .select({ total: sql<string>`coalesce(sum(${accountingDocuments.amount}), 0)::text` })
      .from(accountingDocuments)
      .where(
        and(
          eq(accountingDocuments.type, "CANCELLATION"),
          eq(accountingDocuments.originalNumber, paymentDocumentNumber(payment.externalId)),
          like(accountingDocuments.number, "CAN-re\\_%"),
        ),
      );
    const booked = BigInt(row?.total ?? "0");
    if (booked >= money.amount)
      return {
        status: "processed",
        summary: `charge ${charge.id}: refunds booked (${booked}) cover amount_refunded (${money.amount})`,
      };
    const key = paymentLockKey(pi, charge.id)!;
    return {
      status: "parked",
      reason: `charge ${charge.id}: amount_refunded ${money.amount} but only ${booked} booked from refund events`,
      waitFor: [refundsKey(key)],
    };
  },
};
