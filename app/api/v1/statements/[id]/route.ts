import { z } from "zod";
import { v1Get } from "@/server/api/handler";
import { statementJson } from "@/server/api/serialize";
import { notFound } from "@/server/errors";
import { statementDownloadLinks } from "@/server/services/statements/downloads";

export const runtime = "nodejs";

/** One statement version of the key's creditor with signed PDF and CSV links (about 10 minutes); any other id is 404. */
export const GET = v1Get(async ({ req, db, creditorId, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound("statement");
  const { statement, pdf, csv, expiresAt } = await statementDownloadLinks(db, {
    creditorId,
    statementId: id.data,
    baseUrl: new URL(req.url).origin,
  });
  return { status: 200, body: statementJson(statement, { pdf, csv, expiresAt }) };
});
