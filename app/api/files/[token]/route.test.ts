import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { storeFile } from "@/server/services/files/files";
import { mintDownloadLink } from "@/server/services/files/links";
import { deleteFile } from "@/server/services/files/retention";
import { generatedBody, setEnv } from "@/server/testing/files";
import { type LocalS3, startLocalS3 } from "@/server/testing/s3";
import { GET } from "./route";

// The route reads the app database through getDb(); here it is this file's test database.
const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

/** Call the route as Next does, with the link's token as the path parameter. */
async function download(url: string) {
  const token = url.slice(url.lastIndexOf("/") + 1);
  return GET(new Request(new URL(url, "http://clearbook.test")), { params: Promise.resolve({ token }) });
}
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.each(["database", "s3"] as const)("GET /api/files/<token> (%s store)", (backend) => {
  const t = useTestDb();
  let s3: LocalS3 | undefined;
  beforeAll(async () => {
    testDb.current = t.db;
    if (backend === "s3") {
      s3 = await startLocalS3();
      setEnv({ ...s3.env, S3_DOWNLOAD: "proxy" });
    } else setEnv({ FILE_STORE: "database" });
  });
  afterAll(async () => {
    await s3?.close();
  });

  const csv = (name: string, o: { size?: number; expiresAt?: Date } = {}) =>
    storeFile(t.db, {
      kind: "export_csv",
      name,
      contentType: "text/csv; charset=utf-8",
      creditorId: null,
      body: generatedBody(o.size ?? 2 * 1024 * 1024 + 5),
      expiresAt: o.expiresAt,
    });

  it("a valid link streams the file with its type, length, attachment name, digest and no caching", async () => {
    const meta = await csv("remittances-2026-11.csv");
    const res = await download(mintDownloadLink(meta).url);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "text/csv; charset=utf-8",
      "content-length": String(meta.size),
      "content-disposition": 'attachment; filename="remittances-2026-11.csv"',
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "x-content-sha256": meta.sha256,
      "repr-digest": `sha-256=:${Buffer.from(meta.sha256, "hex").toString("base64")}:`,
    });
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.byteLength).toBe(meta.size);
    expect(sha256(body)).toBe(meta.sha256);
  });

  it("escapes the download name (RFC 6266), the stored one or the one the link was minted with", async () => {
    const meta = await csv(`Relevé "novembre" 2026.csv`, { size: 10 });
    const res = await download(mintDownloadLink(meta).url);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="Releve _novembre_ 2026.csv"; filename*=UTF-8''Relev%C3%A9%20%22novembre%22%202026.csv`,
    );
    const renamed = await download(mintDownloadLink(meta, { filename: "CB-ACME-2026-11.csv" }).url);
    expect(renamed.headers.get("content-disposition")).toBe('attachment; filename="CB-ACME-2026-11.csv"');
  });

  it("a tampered link answers 403, an expired one 410, and neither reveals the file", async () => {
    const meta = await csv("secret.csv", { size: 10 });
    const { url } = mintDownloadLink(meta);
    const [id, exp, name, sig] = url.slice(url.lastIndexOf("/") + 1).split(".") as [string, string, string, string];
    for (const bad of [
      `/api/files/${id}.${Number(exp) + 86_400}.${name}.${sig}`,
      `/api/files/${id}.${exp}.${Buffer.from("x.csv").toString("base64url")}.${sig}`,
      `/api/files/${id}.${exp}.${name}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`,
      "/api/files/not-a-token",
    ]) {
      const res = await download(bad);
      expect(res.status, bad).toBe(403);
      expect(await res.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("not valid") } });
    }
    const old = mintDownloadLink(meta, { now: new Date(Date.now() - 3_600_000) });
    const expired = await download(old.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain(`expired at ${old.expiresAt.toISOString()}`);
  });

  it("a link to a deleted, expired or unknown file answers 404", async () => {
    const meta = await csv("gone.csv", { size: 10 });
    const link = mintDownloadLink(meta);
    expect((await download(link.url)).status).toBe(200);
    await deleteFile(t.db, meta.id);
    expect((await download(link.url)).status).toBe(404);
    const unknown = mintDownloadLink({ id: randomUUID(), name: "x.csv", expiresAt: null });
    expect((await download(unknown.url)).status).toBe(404);
    // Past its own expiry, not yet collected by the retention job: not served.
    const lapsed = await csv("lapsed.csv", { size: 10, expiresAt: new Date(Date.now() - 1_000) });
    expect((await download(mintDownloadLink({ ...lapsed, expiresAt: null }).url)).status).toBe(404);
    // A link never outlives its file: minted now, it has already expired with it.
    const clamped = mintDownloadLink(lapsed, { ttlSeconds: 600 });
    expect(clamped.expiresAt.getTime()).toBeLessThanOrEqual(lapsed.expiresAt!.getTime());
    expect((await download(clamped.url)).status).toBe(410);
  });

  if (backend === "s3")
    it("with S3_DOWNLOAD=redirect, answers 302 to a presigned URL that serves the file and expires no later than the link", async () => {
      setEnv({ S3_DOWNLOAD: "redirect" });
      try {
        const meta = await csv(`Relevé 2026.csv`, { size: 300_000 });
        const link = mintDownloadLink(meta, { ttlSeconds: 120 });
        const res = await download(link.url);
        expect(res.status).toBe(302);
        expect(res.headers.get("cache-control")).toBe("private, no-store");
        expect(res.headers.get("referrer-policy")).toBe("no-referrer");
        const location = new URL(res.headers.get("location")!);
        expect(location.origin).toBe(s3!.env.S3_ENDPOINT);
        expect(Number(location.searchParams.get("X-Amz-Expires"))).toBeLessThanOrEqual(120);
        const object = await fetch(location);
        expect(object.status).toBe(200);
        expect(object.headers.get("content-disposition")).toBe(
          `attachment; filename="Releve 2026.csv"; filename*=UTF-8''Relev%C3%A9%202026.csv`,
        );
        expect(object.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(sha256(Buffer.from(await object.arrayBuffer()))).toBe(meta.sha256);
      } finally {
        setEnv({ S3_DOWNLOAD: "proxy" });
      }
    });
});
