import { payoutHandler } from "./payouts";

/** `payout.failed`: the bank refused it; a paid one's entry is reversed (see payouts.ts). */
export const payoutFailed = payoutHandler;
