import type { z } from "zod";
import { MAX_AMOUNT_MINOR } from "@/server/domain/amount-limits";
import { toSafeNumber } from "@/server/domain/money";
import type { PlacementListRow } from "@/server/services/queries/placement-list";
import type { RemittanceListRow } from "@/server/services/queries/remittance-list";
import type { NewPlacement } from "@/server/services/placements/placements";
import type { Placement, PlacementCreate, Remittance } from "./schemas";

/**
 * Minor units as /v1 writes them: a JSON integer. Every input is bounded to 2^53 − 1 now, but a row
 * stored before that still lists: its exact digits go out (json() writes a bigint as a JSON number)
 * rather than failing the whole page.
 */
const amount = (minor: bigint): number =>
  minor <= MAX_AMOUNT_MINOR && minor >= -MAX_AMOUNT_MINOR ? toSafeNumber(minor) : (minor as unknown as number);

/** Basis points as an exact percent string: 2500 → "25.00". */
export const bpsToPct = (bps: number) => `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, "0")}`;

/** A placement as /v1 shows it. */
export function placementJson(p: PlacementListRow): z.infer<typeof Placement> {
  return {
    object: "placement",
    placement_id: p.id,
    invoice_number: p.invoiceNumber,
    qbo_invoice_id: p.qboInvoiceId,
    invoice_amount: amount(p.invoiceAmount),
    recovered_amount: amount(p.recoveredAmount),
    fee_amount: amount(p.feeAmount),
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
    recovered_amount: amount(r.recoveredAmount),
    fee_amount: amount(r.feeAmount),
    net_remit_amount: amount(r.netRemitAmount),
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
