import { v1Get, v1Post } from "@/server/api/handler";
import { MAX_BODY_BYTES, parseQuery, toInstant } from "@/server/api/http";
import { PlacementCreate, PlacementListQuery } from "@/server/api/schemas";
import { newPlacementFromJson, placementJson } from "@/server/api/serialize";
import { placementsPlaced } from "@/server/jobs/notify";
import { placeInvoice } from "@/server/services/placements/intake";
import { getPlacement, listPlacementPage } from "@/server/services/queries/placement-list";

export const runtime = "nodejs";

/** List the key's creditor's placements: filters, newest first, `{ data, next_cursor }`. */
export const GET = v1Get(async ({ req, db, creditorId }) => {
  const q = parseQuery(req, PlacementListQuery);
  const page = await listPlacementPage(db, {
    creditorId,
    status: q.status,
    invoiceNumber: q.invoice_number,
    placedFrom: toInstant(q.created_from),
    placedTo: toInstant(q.created_to, true),
    cursor: q.cursor,
    limit: q.limit,
  });
  return { status: 200, body: { data: page.items.map(placementJson), next_cursor: page.nextCursor } };
});

/** Place one invoice. */
export const POST = v1Post({ maxBytes: MAX_BODY_BYTES }, async ({ db, creditorId, actor, body }) => {
  const input = PlacementCreate.parse(body);
  const placement = await placeInvoice(db, creditorId, newPlacementFromJson(input), actor);
  placementsPlaced(actor.id);
  return { status: 201, body: placementJson(await getPlacement(db, creditorId, placement.id)) };
});
