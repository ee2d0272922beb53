import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { files } from "@/db/schema";
import { AppError, notFound } from "@/server/errors";
import { configuredBackend, maxFileBytes, s3Transport } from "./config";
import { readChunks, writeChunks } from "./database-store";
import { purge } from "./purge";
import { type FileBody, measure } from "./streams";

/** What describes a stored, complete file. Content is immutable: the same id always means the same bytes. */
export type FileMeta = {
  id: string;
  /** What the file is for (`statement_pdf`, `export_csv`…), chosen by the caller. */
  kind: string;
  /** The file name offered on download. */
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  backend: "database" | "s3";
  creditorId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
};

export type StoreFileInput = {
  kind: string;
  name: string;
  contentType: string;
  /** The creditor the file belongs to (null: agency-wide). Callers check their tenant before reading it back. */
  creditorId: string | null;
  /** The content: bytes in memory, or a stream (Node Readable, web ReadableStream, async generator) read once. */
  body: FileBody;
  /** The retention job deletes the file after this; unset → kept until deleted. */
  expiresAt?: Date | null;
  /** Called with the bytes stored so far, as the content goes in (progress bars, tests). */
  onProgress?: (bytesStored: number) => void;
};

const input = z.object({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/, "kind: lowercase letters, digits, `_`, `.` or `-` (e.g. `export_csv`)"),
  name: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\u0000-\u001f\u007f/\\]+$/, "name: no slashes or control characters"),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/, "contentType: a MIME type"),
  creditorId: z.uuid().nullable(),
  expiresAt: z.date().nullable().optional(),
});

/** The row as callers see it. */
export function fileMetaOf(row: typeof files.$inferSelect): FileMeta {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    contentType: row.contentType,
    size: row.size ?? 0,
    sha256: row.sha256 ?? "",
    backend: row.backend,
    creditorId: row.creditorId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * Store a file, streaming: the body is read once, piece by piece, while its size and SHA-256 are
 * computed, into the configured backend (FILE_STORE). The file is written as `pending` and becomes
 * readable only once whole, so a failure midway (a thrown body, a full disk, a file over
 * FILE_MAX_BYTES → PAYLOAD_TOO_LARGE) leaves nothing readable; what it wrote is removed, or, if the
 * process died, by the retention job. Bad input → BAD_REQUEST before anything is written.
 * Call it outside a long transaction: each chunk commits on its own.
 */
export async function storeFile(db: Db, params: StoreFileInput): Promise<FileMeta> {
  const parsed = input.safeParse(params);
  if (!parsed.success)
    throw new AppError("BAD_REQUEST", `Cannot store the file: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const { kind, name, contentType, creditorId, expiresAt } = parsed.data;
  const backend = configuredBackend();
  const s3 = backend === "s3" ? s3Transport() : undefined; // a misconfigured bucket fails here, before any write
  const id = randomUUID();
  const objectKey = s3 ? `files/${kind}/${id}` : null;
  const [pending] = await db
    .insert(files)
    .values({ id, kind, name, contentType, backend, objectKey, creditorId, expiresAt: expiresAt ?? null })
    .returning();
  const measured = measure(params.body, { name, maxBytes: maxFileBytes() });
  try {
    if (s3 && objectKey) await s3.put(objectKey, measured.stream, contentType, params.onProgress);
    else await writeChunks(db, id, measured.stream, params.onProgress ?? (() => {}));
    const { size, sha256 } = measured.digest();
    const [row] = await db
      .update(files)
      .set({ status: "complete", size, sha256, completedAt: new Date() })
      .where(and(eq(files.id, id), eq(files.status, "pending")))
      .returning();
    if (!row) throw new Error(`file ${id} was removed while it was being written`);
    return fileMetaOf(row);
  } catch (err) {
    await discardPending(db, pending!).catch((cleanup: unknown) => {
      console.error(`[files] could not remove the partial file ${id} (the retention job will):`, cleanup);
    });
    throw err;
  }
}

async function discardPending(db: Db, row: typeof files.$inferSelect): Promise<void> {
  await db
    .update(files)
    .set({ status: "deleted", deletedAt: new Date() })
    .where(and(eq(files.id, row.id), eq(files.status, "pending")));
  await purge(db, row);
}

/** The row of a complete, unexpired file, or undefined (missing, pending, deleted, expired, or not an id). */
export async function readableFileRow(db: Db, id: string, now = new Date()) {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.id, id), eq(files.status, "complete"), or(isNull(files.expiresAt), gt(files.expiresAt, now))));
  return row;
}

/**
 * A complete file's metadata, or null when it does not exist, is still being written, was deleted
 * or has expired. No tenant check: the caller has already checked that its user may see the file
 * (e.g. through the statement or export row that names it).
 */
export async function getFile(db: Db, id: string, now = new Date()): Promise<FileMeta | null> {
  const row = await readableFileRow(db, id, now);
  return row ? fileMetaOf(row) : null;
}

/** A readable file's content, streaming. */
export async function contentOf(db: Db, row: typeof files.$inferSelect): Promise<AsyncIterable<Uint8Array>> {
  if (row.backend === "database") return readChunks(db, row.id, row.size ?? 0);
  return s3Transport().get(row.objectKey!);
}

/**
 * A complete file and its content as a stream (about one chunk in memory at a time; read it once).
 * NOT_FOUND when missing, pending, deleted or expired. No tenant check (see getFile).
 */
export async function readFile(
  db: Db,
  id: string,
  now = new Date(),
): Promise<{ meta: FileMeta; body: AsyncIterable<Uint8Array> }> {
  const row = await readableFileRow(db, id, now);
  if (!row) throw notFound("file");
  return { meta: fileMetaOf(row), body: await contentOf(db, row) };
}
