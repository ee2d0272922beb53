import { storeFile } from "../files/files";
import { mintDownloadLink } from "../files/links";
import { deleteFile } from "../files/retention";
import type { ExportFiles } from "./files";

/** Download links to an export live about 15 minutes (never past the file's own expiry). */
const LINK_SECONDS = 15 * 60;

/**
 * The app's file store (server/services/files) as exports use it: the CSV streams in (a failure or
 * a killed process leaves nothing readable), links are the store's signed, expiring ones, and
 * removal deletes the file (its link then answers 404).
 */
export function appExportFiles(): ExportFiles {
  return {
    store: async (db, input) => {
      const meta = await storeFile(db, input);
      return { id: meta.id, sha256: meta.sha256, size: meta.size };
    },
    remove: (db, id) => deleteFile(db, id),
    link: (file, now) => mintDownloadLink(file, { ttlSeconds: LINK_SECONDS, now }),
  };
}
