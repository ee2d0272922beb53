import { v1Get } from "@/server/api/handler";
import { parseQuery, toInstant } from "@/server/api/http";
import { RemittanceListQuery } from "@/server/api/schemas";
import { remittanceJson } from "@/server/api/serialize";
import { listRemittancePage } from "@/server/services/queries/remittance-list";

export const runtime = "nodejs";

/** List the key's creditor's remittance rows (reversals included), newest first, `{ data, next_cursor }`. */
export const GET = v1Get(async ({ req, db, creditorId }) => {
  const q = parseQuery(req, RemittanceListQuery);
  const page = await listRemittancePage(db, {
    creditorId,
    status: q.status,
    placementId: q.placement_id,
    occurredFrom: toInstant(q.occurred_from),
    occurredTo: toInstant(q.occurred_to, true),
    cursor: q.cursor,
    limit: q.limit,
  });
  return { status: 200, body: { data: page.items.map(remittanceJson), next_cursor: page.nextCursor } };
});
