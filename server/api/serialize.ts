import type { z } from "zod";
import { toSafeNumber } from "@/server/domain/money";
import type { PlacementListRow } from "@/server/services/queries/placement-list";
import type { RemittanceListRow } from "@/server/services/queries/remittance-list";
import type { NewPlacement } from "@/server/services/placements/placements";
import type { Placement, PlacementCreate, Remittance } from "./schemas";

/** Basis points as an exact percent string: 2500 → "25.00". */
export const bpsToPct = (bps: number) => `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, "0")}`;

/** A placement as /v1 shows it. */
export function placementJson(p: PlacementListRow): z.infer<typeof Placement> {
  return {
    object: "placement",
    placement_id: p.id,
    invoice_number: p.invoiceNumber,
    qbo_invoice_id: p.qboInvoiceId,
    invoice_amount: toSafeNumber(p.invoiceAmount),
    recovered_amount: toSafeNumber(p.recoveredAmount),
    fee_amount: toSafeNumber(p.feeAmount),
    currency: p.currency,
    due_date: p.dueDate,
    status: p.status,
    debtor_name: p.debtorName,
    debtor_email: p.debtorEmail,
    placed_at: p.placedAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** A remittance row as /v1 shows it. */
export function remittanceJson(r: RemittanceListRow): z.infer<typeof Remittance> {
  return {
    object: "remittance",
    remittance_id: r.id,
    placement_id: r.placementId,
    invoice_number: r.invoiceNumber,
    parent_remittance_id: r.parentRemittanceId,
    installment_id: r.installmentId,
    status: r.status,
    reason: r.reason,
    recovered_amount: toSafeNumber(r.recoveredAmount),
    fee_amount: toSafeNumber(r.feeAmount),
    net_remit_amount: toSafeNumber(r.netRemitAmount),
    currency: r.currency,
    contingency_pct_snapshot: bpsToPct(r.rateBpsSnapshot),
    contingency_rate_bps: r.rateBpsSnapshot,
    occurred_at: r.occurredAt.toISOString(),
    created_at: r.createdAt.toISOString(),
  };
}

/** A validated /v1 placement body as the placement service takes it. */
export function newPlacementFromJson(input: z.infer<typeof PlacementCreate>): NewPlacement {
  return {
    invoiceNumber: input.invoice_number,
    invoiceAmount: BigInt(input.invoice_amount),
    currency: input.currency,
    dueDate: input.due_date,
    debtor: { name: input.debtor_name, email: input.debtor_email ?? null },
    qboInvoiceId: input.qbo_invoice_id ?? null,
  };
}
