import { and, eq, isNull, lt, lte, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { files } from "@/db/schema";
import { purge } from "./purge";

/** A file still pending this long after it was started was abandoned (its writer died): no export takes a day. */
const ABANDONED_AFTER_MS = 24 * 60 * 60_000;
/** Content removals per run; the next run takes the rest. */
const PURGE_BATCH = 500;

/**
 * Delete a file: from now on it is not found (links to it answer 404), and its content is removed.
 * The row stays as a tombstone. Returns false when there was no such file or it was already deleted.
 * No tenant check: the caller decides who may delete. If removing the content fails (S3 unreachable),
 * the file is deleted all the same and the retention job removes the content later.
 */
export async function deleteFile(db: Db, id: string): Promise<boolean> {
  if (!z.uuid().safeParse(id).success) return false;
  const [row] = await db
    .update(files)
    .set({ status: "deleted", deletedAt: new Date() })
    .where(and(eq(files.id, id), ne(files.status, "deleted")))
    .returning();
  if (!row) return false;
  await purge(db, row).catch((err: unknown) =>
    console.error(`[files] content of ${id} left for the retention job:`, err),
  );
  return true;
}

/**
 * The retention job: deletes files whose `expiresAt` has passed and writes abandoned more than a day
 * ago, then removes the content of deleted files (up to 500 per run; a failure is counted and
 * retried next run). Idempotent; safe to run concurrently.
 */
export async function deleteExpiredFiles(
  db: Db,
  now = new Date(),
): Promise<{ expired: number; abandoned: number; purged: number; failed: number }> {
  const expired = await db
    .update(files)
    .set({ status: "deleted", deletedAt: now })
    .where(and(eq(files.status, "complete"), lte(files.expiresAt, now)))
    .returning({ id: files.id });
  const abandoned = await db
    .update(files)
    .set({ status: "deleted", deletedAt: now })
    .where(and(eq(files.status, "pending"), lt(files.createdAt, new Date(now.getTime() - ABANDONED_AFTER_MS))))
    .returning({ id: files.id });
  const unpurged = await db
    .select({ id: files.id, backend: files.backend, objectKey: files.objectKey })
    .from(files)
    .where(and(eq(files.status, "deleted"), isNull(files.purgedAt)))
    .orderBy(files.deletedAt)
    .limit(PURGE_BATCH);
  let purged = 0;
  let failed = 0;
  for (const row of unpurged) {
    try {
      await purge(db, row);
      purged++;
    } catch (err) {
      failed++;
      console.error(`[files] could not remove the content of deleted file ${row.id}:`, err);
    }
  }
  return { expired: expired.length, abandoned: abandoned.length, purged, failed };
}
