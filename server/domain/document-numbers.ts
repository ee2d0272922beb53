/**
 * Accounting document numbers (seed 002): unique per creditor, derived from the external reference
 * of the money event, so a repeated event finds its document instead of writing a second one.
 */

/** The AGENCY_PAYMENT document of a payment, referenced by its cancellations. */
export const paymentDocumentNumber = (paymentExternalId: string) => `PAY-${paymentExternalId}`;

/** The CANCELLATION document of a reversal (refund `re_…`, or a dispute's withdrawal ref). */
export const cancellationDocumentNumber = (reversalRef: string) => `CAN-${reversalRef}`;

/** The REALLOCATION document of money that came back after a reversal. */
export const reallocationDocumentNumber = (reinstatementRef: string) => `REA-${reinstatementRef}`;
