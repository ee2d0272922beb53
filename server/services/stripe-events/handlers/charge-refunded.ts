import type Stripe from "stripe";
import { and, eq, or } from "drizzle-orm";
import { paymentAttempts } from "@/db/schema";
import { queryStatement, statement } from "@/db/statements";
import { cancellationDocumentNumber, paymentDocumentNumber } from "@/server/domain/document-numbers";
import { fromStripeAmount } from "@/server/integrations/stripe/amounts";
import { refundsKey } from "./refunds";
import { idOf, paymentKeys, paymentLockKey, type HandlerContext, type StripeEventHandler } from "./types";

/**
 * `charge.refunded` carries only the charge's cumulative `amount_refunded` (no refund list since
 * API 2022-11-15), so it books nothing itself: refunds are booked once each, by refund id, from
 * the `refund.*` events. The refunds counted are those whose events link them to this charge (or
 * its PaymentIntent), whatever their ids look like (Stripe promises no prefix). Here we only check the total: when the booked refunds reach
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
      .select({ externalId: paymentAttempts.externalId, creditorId: paymentAttempts.creditorId })
      .from(paymentAttempts)
      .where(or(...conds))
      .limit(1);
    if (!payment)
      return {
        status: "parked",
        reason: `charge ${charge.id} refunded before its payment arrived`,
        waitFor: paymentKeys(pi, charge.id),
      };
    const { booked, failed } = await refundsOfCharge(ctx, charge.id, pi, {
      creditorId: payment.creditorId,
      number: paymentDocumentNumber(payment.externalId),
    });
    if (booked >= money.amount)
      return {
        status: "processed",
        summary: `charge ${charge.id}: refunds booked (${booked}) cover amount_refunded (${money.amount})`,
      };
    // A refund that failed (or was canceled) before it was booked never will be: the money came
    // back, and there is nothing left to wait for.
    if (booked + failed >= money.amount)
      return {
        status: "processed",
        summary: `charge ${charge.id}: amount_refunded ${money.amount} = ${booked} booked + ${failed} in refunds that failed at Stripe`,
      };
    const key = paymentLockKey(pi, charge.id)!;
    return {
      status: "parked",
      reason: `charge ${charge.id}: amount_refunded ${money.amount} but only ${booked} booked from refund events`,
      waitFor: [refundsKey(key)],
    };
  },
};

/**
 * The refunds of a charge we know of (stored `refund.*` events naming the charge or its
 * PaymentIntent), split into what is booked (their cancellation documents against the payment)
 * and what ended failed or canceled at Stripe without being booked. Each refund counts once, at
 * its latest known state.
 */
async function refundsOfCharge(
  ctx: HandlerContext,
  chargeId: string,
  paymentIntentId: string | null,
  paymentDocument: { creditorId: string | null; number: string },
): Promise<{ booked: bigint; failed: bigint }> {
  const [row] = await queryStatement<{ booked: string; failed: string }>(
    ctx.db,
    statement(
      (p) => `
    with linked as (
      select distinct on (e.object_id) e.object_id as refund_id,
        (e.payload->'data'->'object'->>'amount')::bigint as amount,
        e.payload->'data'->'object'->>'status' as status
      from stripe_events e
      where e.type in ('refund.created', 'refund.updated', 'refund.failed')
        and e.object_id is not null
        and (coalesce(e.payload->'data'->'object'->'charge'->>'id', e.payload->'data'->'object'->>'charge') = ${p(chargeId, "text")}
          or coalesce(e.payload->'data'->'object'->'payment_intent'->>'id', e.payload->'data'->'object'->>'payment_intent') = ${p(paymentIntentId, "text")})
      order by e.object_id, e.created desc, e.received_at desc
    )
    select
      coalesce(sum(d.amount), 0)::text as booked,
      coalesce(sum(l.amount) filter (where d.id is null and l.status in ('failed', 'canceled')), 0)::text as failed
    from linked l
    left join accounting_documents d
      on d.creditor_id = ${p(paymentDocument.creditorId, "uuid")} and d.number = ${p(cancellationDocumentNumber(""), "text")} || l.refund_id
        and d.type = 'CANCELLATION' and d.original_number = ${p(paymentDocument.number, "text")}`,
    ),
  );
  return { booked: BigInt(row?.booked ?? "0"), failed: BigInt(row?.failed ?? "0") };
}
