import { transferHandler } from "./transfers";

/** `transfer.reversed`: updates the disbursement with the same `stripe_transfer_id` (see transfers.ts). */
export const transferReversed = transferHandler;
