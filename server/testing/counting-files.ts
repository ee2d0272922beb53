import type { Db } from "@/db/client";
import { appExportFiles } from "@/server/services/exports/app-files";
import type { ExportFiles } from "@/server/services/exports/files";
import { readFile } from "@/server/services/files/files";

/**
 * The app's file store as export tests use it: the real store (database backend), plus what the
 * tests need to see — the ids of the files stored and not removed — and a fault: the store "goes
 * away" after a number of chunks (nothing is left readable, as a real failure leaves it).
 */
export function countingFiles() {
  const real = appExportFiles();
  const stored = new Set<string>();
  let failAfterChunks: number | null = null;
  const files: ExportFiles = {
    async store(db, input) {
      const limit = failAfterChunks;
      async function* body() {
        let n = 0;
        for await (const c of input.body) {
          if (limit !== null && ++n > limit) throw new Error("the file store went away");
          yield c;
        }
      }
      const meta = await real.store(db, { ...input, body: body() });
      stored.add(meta.id);
      return meta;
    },
    async remove(db, id) {
      stored.delete(id);
      return real.remove(db, id);
    },
    link: real.link,
  };
  return {
    files,
    stored,
    text: async (db: Db, id: string) => {
      const chunks: Buffer[] = [];
      for await (const c of (await readFile(db, id)).body) chunks.push(Buffer.from(c));
      return Buffer.concat(chunks).toString("utf8");
    },
    failAfter: (n: number | null) => (failAfterChunks = n),
  };
}
