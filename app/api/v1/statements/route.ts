import { v1Get } from "@/server/api/handler";
import { parseQuery } from "@/server/api/http";
import { StatementListQuery } from "@/server/api/schemas";
import { statementJson } from "@/server/api/serialize";
import { listCreditorStatements } from "@/server/services/statements/read";

export const runtime = "nodejs";

/** The key's creditor's issued statements, every version, newest month first (`period` filters one month). */
export const GET = v1Get(async ({ req, db, creditorId }) => {
  const q = parseQuery(req, StatementListQuery);
  const months = await listCreditorStatements(db, creditorId, { period: q.period });
  return {
    status: 200,
    body: { data: months.flatMap((m) => m.versions.map((v) => statementJson(v))), next_cursor: null },
  };
});
