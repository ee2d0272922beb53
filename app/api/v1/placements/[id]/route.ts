import { z } from "zod";
import { v1Get } from "@/server/api/handler";
import { placementJson } from "@/server/api/serialize";
import { notFound } from "@/server/errors";
import { getPlacement } from "@/server/services/queries/placement-list";

export const runtime = "nodejs";

/** One placement of the key's creditor; any other id is 404. */
export const GET = v1Get(async ({ db, creditorId, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound("placement");
  return { status: 200, body: placementJson(await getPlacement(db, creditorId, id.data)) };
});
