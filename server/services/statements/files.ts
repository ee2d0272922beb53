import type { Db } from "@/db/client";
import { storeFile } from "../files/files";

export type StoredStatementFile = { fileId: string; sha256: string; size: number };

/**
 * Keep one rendered statement file (PDF or CSV) in the file store, in the caller's transaction:
 * if the statement is not issued after all, its files go with it (an S3 object so left behind has
 * no row and is never served). Statement files never expire. The sha256 is kept on the statement
 * too, so the portal can show it beside the download and anyone can check a copy they were sent.
 */
export async function storeStatementFile(
  db: Db,
  p: { creditorId: string; kind: "statement_pdf" | "statement_csv"; name: string; contentType: string; bytes: Buffer },
): Promise<StoredStatementFile> {
  const meta = await storeFile(db, {
    kind: p.kind,
    name: p.name,
    contentType: p.contentType,
    creditorId: p.creditorId,
    body: new Uint8Array(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength),
  });
  return { fileId: meta.id, sha256: meta.sha256, size: meta.size };
}
