import { payoutHandler } from "./payouts";

/** `payout.paid`: the payout reached the bank (see payouts.ts). */
export const payoutPaid = payoutHandler;
