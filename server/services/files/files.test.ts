import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileChunks, files } from "@/db/schema";
import { useTestDb } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { S3ObjectMissing } from "@/server/integrations/s3/client";
import { digestOf, drain, generatedBody, readAll, setEnv } from "@/server/testing/files";
import { type LocalS3, startLocalS3 } from "@/server/testing/s3";
import { s3Transport } from "./config";
import { FILE_CHUNK_BYTES } from "./database-store";
import { getFile, readFile, storeFile } from "./files";
import { deleteExpiredFiles, deleteFile } from "./retention";

const MiB = 1024 * 1024;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe.each(["database", "s3"] as const)("the %s file store", (backend) => {
  const t = useTestDb();
  let s3: LocalS3 | undefined;
  beforeAll(async () => {
    if (backend === "s3") {
      s3 = await startLocalS3();
      setEnv(s3.env);
    } else setEnv({ FILE_STORE: "database" });
  });
  afterAll(async () => {
    await s3?.close();
  });

  const objectExists = (id: string, kind: string) =>
    s3Transport()
      .get(`files/${kind}/${id}`)
      .then(
        () => true,
        (e: unknown) => (e instanceof S3ObjectMissing ? false : Promise.reject(e)),
      );
  const contentLeft = async (id: string, kind: string) =>
    backend === "s3"
      ? objectExists(id, kind)
      : (await t.db.select({ n: count() }).from(fileChunks).where(eq(fileChunks.fileId, id)))[0]!.n > 0;
  const statusOf = async (name: string) =>
    t.db.select({ status: files.status, purgedAt: files.purgedAt }).from(files).where(eq(files.name, name));

  it("round-trips a multi-chunk file byte for byte, with its size and SHA-256", async () => {
    const size = 3 * MiB + 12_345;
    const meta = await storeFile(t.db, {
      kind: "export_csv",
      name: "remittances-2026-11.csv",
      contentType: "text/csv; charset=utf-8",
      creditorId: null,
      body: generatedBody(size, { piece: 100_003 }),
    });
    expect(meta).toMatchObject({ kind: "export_csv", size, backend, sha256: await digestOf(size, { piece: 100_003 }) });
    const { meta: again, body } = await readFile(t.db, meta.id);
    expect(again).toEqual(meta);
    const read = await drain(body);
    expect(read).toMatchObject({ size, sha256: meta.sha256 });
    if (backend === "database") {
      expect(read.largest).toBe(FILE_CHUNK_BYTES);
      const [{ n }] = (await t.db.select({ n: count() }).from(fileChunks).where(eq(fileChunks.fileId, meta.id))) as [
        { n: number },
      ];
      expect(n).toBe(4);
    } else expect(await objectExists(meta.id, "export_csv")).toBe(true);
  });

  it("stores bytes already in memory and an empty file", async () => {
    const bytes = new TextEncoder().encode("placement_id,amount\nP-1,100\n");
    const small = await storeFile(t.db, {
      kind: "statement_csv",
      name: "s.csv",
      contentType: "text/csv",
      creditorId: null,
      body: bytes,
    });
    expect(small.size).toBe(bytes.byteLength);
    expect((await readAll((await readFile(t.db, small.id)).body)).toString()).toBe("placement_id,amount\nP-1,100\n");
    const empty = await storeFile(t.db, {
      kind: "export_csv",
      name: "empty.csv",
      contentType: "text/csv",
      creditorId: null,
      body: generatedBody(0),
    });
    expect(empty).toMatchObject({
      size: 0,
      sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    });
    expect(await drain((await readFile(t.db, empty.id)).body)).toMatchObject({ size: 0 });
  });

  it("streams a large file in and out without holding it in memory", async () => {
    const size = 48 * MiB;
    let produced = 0;
    let stored = 0;
    let lead = 0;
    const meta = await storeFile(t.db, {
      kind: "export_csv",
      name: "large.csv",
      contentType: "text/csv",
      creditorId: null,
      body: generatedBody(size, { produced: (n) => ((produced = n), (lead = Math.max(lead, produced - stored))) }),
      onProgress: (n) => (stored = n),
    });
    expect(stored).toBe(size);
    // What was handed over but not yet stored is at most two chunks (database: one chunk's insert
    // in flight while the next fills) or the upload's parts in flight (S3: 8 MiB parts, two at
    // once, one filling): never the whole file.
    expect(lead).toBeLessThanOrEqual(
      backend === "database" ? 2 * FILE_CHUNK_BYTES + 64 * 1024 : 3 * 8 * MiB + 64 * 1024,
    );
    expect(lead).toBeLessThan(size / 2);
    const read = await drain((await readFile(t.db, meta.id)).body);
    expect(read).toMatchObject({ size, sha256: meta.sha256 });
    expect(read.pieces).toBeGreaterThanOrEqual(backend === "database" ? 48 : 2);
  });

  it("leaves nothing readable when the body fails midway, and removes what it wrote", async () => {
    const name = `broken-${randomUUID()}.csv`;
    const out = storeFile(t.db, {
      kind: "export_csv",
      name,
      contentType: "text/csv",
      creditorId: null,
      body: generatedBody(20 * MiB, { failAfter: 10 * MiB }),
    });
    await expect(out).rejects.toThrow("the renderer crashed midway");
    const rows = await t.db.select().from(files).where(eq(files.name, name));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "deleted", purgedAt: expect.any(Date) });
    expect(await getFile(t.db, rows[0]!.id)).toBeNull();
    expect(await codeOf(readFile(t.db, rows[0]!.id))).toBe("NOT_FOUND");
    expect(await contentLeft(rows[0]!.id, "export_csv")).toBe(false);
  });

  it("refuses a file over FILE_MAX_BYTES while it streams, naming the limit", async () => {
    setEnv({ FILE_MAX_BYTES: String(3 * MiB) });
    try {
      let produced = 0;
      const name = `too-big-${randomUUID()}.csv`;
      const err = await storeFile(t.db, {
        kind: "export_csv",
        name,
        contentType: "text/csv",
        creditorId: null,
        body: generatedBody(1024 * MiB, { produced: (n) => (produced = n) }),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("3 MiB limit") });
      expect(produced).toBeLessThan(4 * MiB);
      expect(await statusOf(name)).toEqual([{ status: "deleted", purgedAt: expect.any(Date) }]);
    } finally {
      setEnv({ FILE_MAX_BYTES: undefined });
    }
  });

  it("deletes a file: not found from then on, its content removed", async () => {
    const meta = await storeFile(t.db, {
      kind: "statement_pdf",
      name: "st.pdf",
      contentType: "application/pdf",
      creditorId: null,
      body: generatedBody(MiB + 1),
    });
    expect(await contentLeft(meta.id, "statement_pdf")).toBe(true);
    expect(await deleteFile(t.db, meta.id)).toBe(true);
    expect(await getFile(t.db, meta.id)).toBeNull();
    expect(await contentLeft(meta.id, "statement_pdf")).toBe(false);
    expect(await deleteFile(t.db, meta.id)).toBe(false);
    expect(await deleteFile(t.db, "not-an-id")).toBe(false);
  });

  it("the retention job deletes expired files and abandoned writes, and keeps the rest", async () => {
    const now = new Date();
    const store = (name: string, expiresAt: Date | null) =>
      storeFile(t.db, {
        kind: "export_csv",
        name,
        contentType: "text/csv",
        creditorId: null,
        body: generatedBody(1000),
        expiresAt,
      });
    const expired = await store("expired.csv", new Date(now.getTime() + 1_000));
    const later = await store("later.csv", new Date(now.getTime() + 3_600_000));
    const kept = await store("kept.csv", null);
    const after = new Date(now.getTime() + 2_000);
    // Past its expiry but not yet collected: already not served.
    expect(await getFile(t.db, expired.id, after)).toBeNull();
    // A write whose process died a day and a half ago: pending, with content, never completed.
    const [abandoned] = await t.db
      .insert(files)
      .values({
        kind: "export_csv",
        name: "abandoned.csv",
        contentType: "text/csv",
        backend: "database",
        createdAt: new Date(now.getTime() - 36 * 3_600_000),
      })
      .returning();
    await t.db.insert(fileChunks).values({ fileId: abandoned!.id, seq: 0, data: new Uint8Array([1, 2, 3]) });
    const out = await deleteExpiredFiles(t.db, after);
    expect(out).toMatchObject({ expired: 1, abandoned: 1, failed: 0 });
    expect(out.purged).toBeGreaterThanOrEqual(2);
    expect(await contentLeft(expired.id, "export_csv")).toBe(false);
    expect((await t.db.select().from(fileChunks).where(eq(fileChunks.fileId, abandoned!.id))).length).toBe(0);
    expect(await getFile(t.db, later.id, after)).not.toBeNull();
    expect(await getFile(t.db, kept.id, after)).not.toBeNull();
    expect(await deleteExpiredFiles(t.db, after)).toEqual({ expired: 0, abandoned: 0, purged: 0, failed: 0 });
  });
});

describe("the files table", () => {
  const t = useTestDb();
  beforeAll(() => setEnv({ FILE_STORE: "database" }));
  const fileCount = async () => (await t.db.select({ n: count() }).from(files))[0]!.n;

  it("refuses bad input before writing anything", async () => {
    const before = await fileCount();
    const base = {
      kind: "export_csv",
      name: "a.csv",
      contentType: "text/csv",
      creditorId: null,
      body: new Uint8Array(1),
    };
    for (const bad of [
      { kind: "Export CSV" },
      { name: "../etc/passwd" },
      { name: "line\nbreak.csv" },
      { name: "" },
      { contentType: "csv" },
      { creditorId: "creditor-7" },
    ])
      expect(await codeOf(storeFile(t.db, { ...base, ...bad }))).toBe("BAD_REQUEST");
    expect(await fileCount()).toBe(before);
  });

  it("names the missing setting when S3 is chosen but not configured, before writing anything", async () => {
    const before = await fileCount();
    setEnv({ FILE_STORE: "s3", S3_BUCKET: undefined });
    try {
      await expect(
        storeFile(t.db, {
          kind: "export_csv",
          name: "a.csv",
          contentType: "text/csv",
          creditorId: null,
          body: new Uint8Array(1),
        }),
      ).rejects.toThrow(/S3_BUCKET/);
    } finally {
      setEnv({ FILE_STORE: "database" });
    }
    expect(await fileCount()).toBe(before);
  });

  it("keeps a complete file's content and description immutable, and a deleted file deleted", async () => {
    const meta = await storeFile(t.db, {
      kind: "statement_pdf",
      name: "CB-ACME-2026-11.pdf",
      contentType: "application/pdf",
      creditorId: null,
      body: generatedBody(MiB + 10),
    });
    const refused = (p: PromiseLike<unknown>) =>
      Promise.resolve(p).then(
        () => "allowed",
        () => "refused",
      );
    expect(await refused(t.db.update(files).set({ name: "other.pdf" }).where(eq(files.id, meta.id)))).toBe("refused");
    expect(
      await refused(
        t.db
          .update(files)
          .set({ sha256: "0".repeat(64) })
          .where(eq(files.id, meta.id)),
      ),
    ).toBe("refused");
    expect(await refused(t.db.update(files).set({ status: "pending" }).where(eq(files.id, meta.id)))).toBe("refused");
    expect(await refused(t.db.insert(fileChunks).values({ fileId: meta.id, seq: 2, data: new Uint8Array(1) }))).toBe(
      "refused",
    );
    expect(
      await refused(
        t.db
          .update(fileChunks)
          .set({ data: new Uint8Array(1) })
          .where(eq(fileChunks.fileId, meta.id)),
      ),
    ).toBe("refused");
    expect(await refused(t.db.delete(fileChunks).where(eq(fileChunks.fileId, meta.id)))).toBe("refused");
    // Retention may change; the content may not.
    expect(
      await refused(
        t.db
          .update(files)
          .set({ expiresAt: new Date(Date.now() + 60_000) })
          .where(eq(files.id, meta.id)),
      ),
    ).toBe("allowed");
    expect(await drain((await readFile(t.db, meta.id)).body)).toMatchObject({ sha256: meta.sha256 });
    await deleteFile(t.db, meta.id);
    expect(await refused(t.db.update(files).set({ status: "complete" }).where(eq(files.id, meta.id)))).toBe("refused");
  });
});
