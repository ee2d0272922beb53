import { sql } from "drizzle-orm";
import { bigint, char, customType, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts } from "./_columns";
import { creditors } from "./creditors";

/** Raw bytes. node-postgres and Neon read bytea as Buffer, PGlite as Uint8Array: both are Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

/**
 * `pending` while written (never readable), `complete` once whole (content immutable), `deleted` once
 * removed (a tombstone; `purged_at` is set when the content is gone too).
 */
export const fileStatus = pgEnum("file_status", ["pending", "complete", "deleted"]);
/** Where a file's content lives; each row keeps its own, so changing FILE_STORE leaves old files readable. */
export const fileBackend = pgEnum("file_backend", ["database", "s3"]);

/**
 * Stored files (statement PDFs, exports). One writer: server/services/files. Once `complete`, the
 * content and what describes it never change (the files_guards migration); deleting
 * keeps the row as a tombstone so an old download link answers 404, not a stranger's file.
 */
export const files = pgTable(
  "files",
  {
    id: id(),
    /** What the file is for, e.g. `statement_pdf`, `export_csv`. */
    kind: text().notNull(),
    name: text().notNull(),
    contentType: text().notNull(),
    status: fileStatus().notNull().default("pending"),
    backend: fileBackend().notNull(),
    /** The object's key in the bucket (s3 backend); null for the database backend. */
    objectKey: text(),
    /** Bytes; set when complete. */
    size: bigint({ mode: "number" }),
    /** Hex SHA-256 of the content; set when complete. */
    sha256: char({ length: 64 }),
    /** The creditor the file belongs to; null for agency-wide files. */
    creditorId: uuid().references(() => creditors.id),
    createdAt: createdAt(),
    completedAt: ts(),
    /** After this the retention job deletes the file; null → kept. */
    expiresAt: ts(),
    deletedAt: ts(),
    /** When a deleted file's content (chunks or object) was removed; null while it may remain. */
    purgedAt: ts(),
  },
  (t) => [
    index("files_by_creditor").on(t.creditorId, t.createdAt),
    index("files_expiring")
      .on(t.expiresAt)
      .where(sql`status = 'complete' and expires_at is not null`),
    index("files_pending")
      .on(t.createdAt)
      .where(sql`status = 'pending'`),
    index("files_unpurged")
      .on(t.deletedAt)
      .where(sql`status = 'deleted' and purged_at is null`),
  ],
);

/** The database backend's content: the file in order, `seq` from 0, each chunk FILE_CHUNK_BYTES but the last. */
export const fileChunks = pgTable(
  "file_chunks",
  {
    fileId: uuid()
      .notNull()
      .references(() => files.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
);
