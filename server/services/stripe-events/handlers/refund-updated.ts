import { refundHandler } from "./refunds";

/** `refund.updated`: the Refund object, booked by its `re_…` id (see refunds.ts for the mapping). */
export const refundUpdated = refundHandler;
