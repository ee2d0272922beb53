import type { Db } from "@/db/client";

/**
 * What exports need from the file store (server/services/files): store a stream, remove a file,
 * mint a short-lived signed download link. A parameter, so a test can count what was stored.
 */
export type ExportFiles = {
  store: (
    db: Db,
    input: {
      kind: string;
      name: string;
      contentType: string;
      creditorId: string | null;
      body: AsyncIterable<Uint8Array>;
      expiresAt: Date;
    },
  ) => Promise<{ id: string; sha256: string; size: number }>;
  remove: (db: Db, id: string) => Promise<unknown>;
  link: (file: { id: string; name: string; expiresAt: Date | null }, now: Date) => { url: string; expiresAt: Date };
};
