import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { files } from "@/db/schema";
import { s3Transport } from "./config";
import { removeChunks } from "./database-store";

/**
 * Remove a deleted (or failed pending) file's content, then mark it purged. Safe to repeat: a
 * missing chunk or object is not an error, and a file already purged stays as it is.
 */
export async function purge(
  db: Db,
  row: Pick<typeof files.$inferSelect, "id" | "backend" | "objectKey">,
): Promise<void> {
  if (row.backend === "s3" && row.objectKey) await s3Transport().remove(row.objectKey);
  else await removeChunks(db, row.id);
  await db
    .update(files)
    .set({ purgedAt: new Date() })
    .where(and(eq(files.id, row.id), eq(files.status, "deleted"), isNull(files.purgedAt)));
}
