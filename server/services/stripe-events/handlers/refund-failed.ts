import { refundHandler } from "./refunds";

/** `refund.failed`: the Refund object, booked by its `re_…` id (see refunds.ts for the mapping). */
export const refundFailed = refundHandler;
