import { v1Post } from "@/server/api/handler";
import { MAX_BULK_BODY_BYTES } from "@/server/api/http";
import { PlacementBulkEnvelope, PlacementCreate } from "@/server/api/schemas";
import { newPlacementFromJson, placementJson } from "@/server/api/serialize";
import { placementsPlaced } from "@/server/jobs/notify";
import { importPlacements, type Candidate } from "@/server/services/placements/intake";
import { getPlacementsByIds } from "@/server/services/queries/placement-list";

export const runtime = "nodejs";

/** Place up to 1,000 invoices all or nothing; a 400 lists every bad row by index. */
export const POST = v1Post({ maxBytes: MAX_BULK_BODY_BYTES }, async ({ db, creditorId, actor, body }) => {
  const { placements } = PlacementBulkEnvelope.parse(body);
  const candidates = placements.map((row, index): Candidate => {
    const parsed = PlacementCreate.safeParse(row);
    if (parsed.success)
      return {
        ref: index,
        input: newPlacementFromJson(parsed.data),
        invoiceNumber: parsed.data.invoice_number,
        problems: [],
      };
    const invoiceNumber =
      typeof row === "object" && row && "invoice_number" in row && typeof row.invoice_number === "string"
        ? row.invoice_number
        : "";
    return {
      ref: index,
      input: null,
      invoiceNumber,
      problems: parsed.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`),
    };
  });
  const ids = await importPlacements(db, creditorId, candidates, actor, "api");
  placementsPlaced(actor.id);
  return { status: 201, body: { data: (await getPlacementsByIds(db, creditorId, ids)).map(placementJson) } };
});
