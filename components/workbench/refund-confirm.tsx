"use client";

import { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog";

/** The confirmation of a refund through Stripe: destructive, with a required reason; the caller says what goes back and runs it. */
export function RefundConfirm(
  props: Omit<ConfirmDialogProps, "confirmLabel" | "reasonLabel" | "reasonRequired" | "destructive">,
) {
  return (
    <ConfirmDialog {...props} confirmLabel="Refund" reasonLabel="Why is it refunded?" reasonRequired destructive />
  );
}
