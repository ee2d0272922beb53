import { v1Get } from "@/server/api/handler";
import { exportWithLink } from "@/server/api/serialize";
import { getExport } from "@/server/services/exports/exports";

export const runtime = "nodejs";

/** One export of the key's creditor (any other id is 404); once succeeded, a fresh signed `download_url` on each call. */
export const GET = v1Get(async ({ db, creditorId, params }) => ({
  status: 200,
  body: exportWithLink(await getExport(db, { kind: "creditor", creditorId }, params.id ?? "")),
}));
