import { disputeHandler, withdrawDispute } from "./disputes";

/** `charge.dispute.funds_withdrawn`: the disputed amount left our balance → chargeback reversal `dispute:<id>:withdrawn`. */
export const chargeDisputeFundsWithdrawn = disputeHandler(withdrawDispute);
