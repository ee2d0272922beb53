import { transferHandler } from "./transfers";

/** `transfer.updated`: updates the disbursement with the same `stripe_transfer_id` (see transfers.ts). */
export const transferUpdated = transferHandler;
