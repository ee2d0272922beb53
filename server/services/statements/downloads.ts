import type { Db } from "@/db/client";
import { notFound } from "@/server/errors";
import { getFile } from "../files/files";
import { mintDownloadLink } from "../files/links";
import { getCreditorStatement, type StatementView } from "./read";

export type StatementLinks = {
  statement: StatementView;
  pdf: string | null;
  csv: string | null;
  expiresAt: Date | null;
};

/**
 * Signed, expiring download links (about ten minutes) for a statement version's PDF and CSV,
 * minted only after the statement is found for the caller's creditor: another creditor's
 * statement answers NOT_FOUND and no link is made. `creditorId` null is agency staff.
 */
export async function statementDownloadLinks(
  db: Db,
  p: { creditorId: string | null; statementId: string; baseUrl?: string; now?: Date },
): Promise<StatementLinks> {
  const statement = await getCreditorStatement(db, p.creditorId, p.statementId);
  const [pdf, csv] = [
    statement.pdfFileId ? await getFile(db, statement.pdfFileId, p.now) : null,
    statement.csvFileId ? await getFile(db, statement.csvFileId, p.now) : null,
  ];
  const opts = { baseUrl: p.baseUrl, now: p.now };
  const pdfLink = pdf ? mintDownloadLink(pdf, opts) : null;
  const csvLink = csv ? mintDownloadLink(csv, opts) : null;
  return {
    statement,
    pdf: pdfLink?.url ?? null,
    csv: csvLink?.url ?? null,
    expiresAt: pdfLink?.expiresAt ?? csvLink?.expiresAt ?? null,
  };
}

/** One link, for a download button: the statement's PDF or CSV. */
export async function statementDownloadLink(
  db: Db,
  p: { creditorId: string | null; statementId: string; format: "pdf" | "csv"; now?: Date },
): Promise<{ url: string; expiresAt: Date }> {
  const links = await statementDownloadLinks(db, p);
  const url = p.format === "pdf" ? links.pdf : links.csv;
  if (!url || !links.expiresAt) throw notFound(`statement ${p.format.toUpperCase()}`);
  return { url, expiresAt: links.expiresAt };
}
