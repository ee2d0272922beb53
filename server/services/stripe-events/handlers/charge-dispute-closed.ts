import { disputeHandler, noFundsMoved, reinstateDispute, withdrawDispute } from "./disputes";

/**
 * `charge.dispute.closed`: won → the funds are (or will be) back, lost → they are gone. Both use the
 * same refs as the funds_* events, so whichever of the two events arrives first books it, once.
 * Other outcomes (inquiries closed, prevented) move no money.
 */
export const chargeDisputeClosed = disputeHandler(async (ctx, d) => {
  if (d.status !== "won" && d.status !== "lost")
    return { status: "ignored", reason: `dispute ${d.id} closed as ${d.status}: no money moved` };
  if (noFundsMoved(d)) return { status: "ignored", reason: `dispute ${d.id} ${d.status} without any funds withdrawn` };
  return d.status === "lost" ? withdrawDispute(ctx, d) : reinstateDispute(ctx, d);
});
