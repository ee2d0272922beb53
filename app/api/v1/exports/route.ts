import { v1Get, v1Post } from "@/server/api/handler";
import { MAX_BODY_BYTES, parseQuery } from "@/server/api/http";
import { ExportCreate, ExportListQuery } from "@/server/api/schemas";
import { exportWithLink } from "@/server/api/serialize";
import { requestJob } from "@/server/jobs/notify";
import { createExport, listExports } from "@/server/services/exports/exports";

export const runtime = "nodejs";

const create = v1Post({ maxBytes: MAX_BODY_BYTES }, async ({ db, creditorId, actor, body }) => {
  const input = ExportCreate.parse(body);
  const row = await createExport(
    db,
    { kind: "creditor", creditorId },
    { type: input.type, format: input.format, filters: input.filters, includeBom: input.include_bom },
    actor,
  );
  return { status: 202, body: exportWithLink(row) };
});

/** Request an export: 202 with the export (queued); the render job is nudged once the request committed. */
export async function POST(req: Request, ctx: { params: Promise<Record<string, string>> }) {
  const res = await create(req, ctx);
  if (res.status === 202 && res.headers.get("idempotent-replayed") !== "true")
    void requestJob({ job: "exports", requestedBy: "api" });
  return res;
}

/** The key's creditor's exports, newest first, `{ data, next_cursor }`. */
export const GET = v1Get(async ({ req, db, creditorId }) => {
  const q = parseQuery(req, ExportListQuery);
  const page = await listExports(db, { kind: "creditor", creditorId }, { cursor: q.cursor, limit: q.limit });
  return { status: 200, body: { data: page.items.map((e) => exportWithLink(e)), next_cursor: page.nextCursor } };
});
