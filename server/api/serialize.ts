import type { z } from "zod";
import { toSafeNumber } from "@/server/domain/money";
import type { PlacementListRow } from "@/server/services/queries/placement-list";
import type { RemittanceListRow } from "@/server/services/queries/remittance-list";
import * as objects from "@/server/services/v1/objects";
import { appExportFiles } from "@/server/services/exports/app-files";
import type { ExportRow } from "@/server/services/exports/exports";
import type { NewPlacement } from "@/server/services/placements/placements";
import type { StatementView } from "@/server/services/statements/read";
import type { Export, Placement, PlacementCreate, Remittance, Statement } from "./schemas";

/** The /v1 objects are built in services/v1/objects.ts (webhook payloads send them too); typed here against the schemas. */
export const placementJson: (p: PlacementListRow) => z.infer<typeof Placement> = objects.placementJson;
export const remittanceJson: (r: RemittanceListRow) => z.infer<typeof Remittance> = objects.remittanceJson;
export const exportJson: (...a: Parameters<typeof objects.exportJson>) => z.infer<typeof Export> = objects.exportJson;

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

/** An export as /v1 shows it, with a download link minted now when its file is ready. */
export function exportWithLink(e: ExportRow, now = new Date()): z.infer<typeof Export> {
  const link =
    e.status === "succeeded" && e.fileId
      ? appExportFiles().link({ id: e.fileId, name: e.fileName, expiresAt: e.expiresAt }, now)
      : null;
  return exportJson(e, link);
}

/** A statement version as /v1 shows it; the download links only when the caller minted them for this request. */
export function statementJson(
  s: StatementView,
  links: { pdf: string | null; csv: string | null; expiresAt: Date | null } = { pdf: null, csv: null, expiresAt: null },
): z.infer<typeof Statement> {
  return {
    object: "statement",
    statement_id: s.id,
    number: s.number,
    period: s.period,
    version: s.version,
    reason: s.reason,
    time_zone: s.timeZone,
    period_start: s.periodStart.toISOString(),
    period_end: s.periodEnd.toISOString(),
    issued_at: s.issuedAt.toISOString(),
    summary: s.sections.map((x) => ({
      currency: x.currency,
      opening: toSafeNumber(x.figures.opening),
      collected: toSafeNumber(x.figures.collected),
      agency_fees: toSafeNumber(x.figures.agencyFees),
      reversals: toSafeNumber(x.figures.reversals),
      reinstatements: toSafeNumber(x.figures.reinstatements),
      direct_payment_fees: toSafeNumber(x.figures.directPaymentFees),
      disbursed: toSafeNumber(x.figures.disbursed),
      other_adjustments: toSafeNumber(x.figures.otherAdjustments),
      closing: toSafeNumber(x.figures.closing),
      prior_period_net: toSafeNumber(x.priorPeriodNet),
    })),
    line_count: s.lineCount,
    page_count: s.pageCount,
    sha256: s.pdfSha256,
    csv_sha256: s.csvSha256,
    download_url: links.pdf,
    csv_download_url: links.csv,
    expires_at: links.expiresAt?.toISOString() ?? null,
  };
}
