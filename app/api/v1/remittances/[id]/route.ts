import { z } from "zod";
import { v1Get } from "@/server/api/handler";
import { remittanceJson } from "@/server/api/serialize";
import { notFound } from "@/server/errors";
import { getRemittance } from "@/server/services/queries/remittance-list";

export const runtime = "nodejs";

/** One remittance row of the key's creditor; any other id is 404. */
export const GET = v1Get(async ({ db, creditorId, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound("remittance");
  return { status: 200, body: remittanceJson(await getRemittance(db, creditorId, id.data)) };
});
