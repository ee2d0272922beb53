import { disputeHandler, reinstateDispute } from "./disputes";

/** `charge.dispute.funds_reinstated`: the money came back → reinstatement `dispute:<id>:reinstated` of the withdrawal. */
export const chargeDisputeFundsReinstated = disputeHandler(reinstateDispute);
