import type { z } from "zod";
import type { PlacementListRow } from "@/server/services/queries/placement-list";
import type { RemittanceListRow } from "@/server/services/queries/remittance-list";
import * as objects from "@/server/services/v1/objects";
import { appExportFiles } from "@/server/services/exports/app-files";
import type { ExportRow } from "@/server/services/exports/exports";
import type { NewPlacement } from "@/server/services/placements/placements";
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
export const statementJson: (...a: Parameters<typeof objects.statementJson>) => z.infer<typeof Statement> =
  objects.statementJson;
