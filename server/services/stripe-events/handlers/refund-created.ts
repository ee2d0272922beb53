import { refundHandler } from "./refunds";

/** `refund.created`: the Refund object, booked by its `re_…` id (see refunds.ts for the mapping). */
export const refundCreated = refundHandler;
