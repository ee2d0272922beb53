import { transferHandler } from "./transfers";

/** `transfer.created`: updates the disbursement with the same `stripe_transfer_id` (see transfers.ts). */
export const transferCreated = transferHandler;
