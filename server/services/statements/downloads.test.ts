import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { useTestDb } from "@/db/testing/test-db";
import { statements } from "@/db/schema";
import { systemActor } from "@/server/domain/actor";
import { recordClearedPayment } from "@/server/services/payments/record-cleared";
import { makeCreditor, makePlacement } from "@/server/testing/factories";
import { GET } from "@/app/api/files/[token]/route";
import { statementDownloadLink, statementDownloadLinks } from "./downloads";
import { issueStatement } from "./issue";

// The download route reads the app database through getDb(); here it is this file's test database.
const testDb = vi.hoisted(() => ({ current: undefined as Db | undefined }));
vi.mock("@/server/db", () => ({ getDb: async () => testDb.current! }));

const download = (url: string) => {
  const token = url.slice(url.lastIndexOf("/") + 1);
  return GET(new Request(new URL(url, "http://clearbook.test")), { params: Promise.resolve({ token }) });
};
const sha256 = (b: ArrayBuffer) => createHash("sha256").update(Buffer.from(b)).digest("hex");

describe("statement downloads by signed link", () => {
  const t = useTestDb();
  const actor = systemActor("statement-downloads");
  let statementId: string;
  let creditorId: string;
  let otherCreditorId: string;

  beforeAll(async () => {
    testDb.current = t.db;
    const c = await makeCreditor(t.db);
    otherCreditorId = (await makeCreditor(t.db)).id;
    creditorId = c.id;
    const p = await makePlacement(t.db, c.id);
    await recordClearedPayment(
      t.db,
      {
        source: "manual",
        externalId: `dl-${c.id}`,
        placementId: p.id,
        amount: 2_500n,
        currency: "USD",
        receivedAt: new Date("2025-07-04T10:00:00Z"),
      },
      actor,
    );
    const r = await issueStatement(t.db, { creditorId, period: "2025-07", timeZone: "UTC" }, actor);
    if (r.outcome !== "issued") throw new Error(r.outcome);
    statementId = r.statementId;
  });

  it("serves the very PDF and CSV that were issued, through links of about ten minutes", async () => {
    const [row] = await t.db.select().from(statements).where(eq(statements.id, statementId));
    const now = new Date();
    const links = await statementDownloadLinks(t.db, { creditorId, statementId, now });
    expect(links.expiresAt!.getTime() - now.getTime()).toBeGreaterThan(9 * 60_000);
    expect(links.expiresAt!.getTime() - now.getTime()).toBeLessThanOrEqual(10 * 60_000);
    const pdf = await download(links.pdf!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toMatch(/application\/pdf/);
    expect(sha256(await pdf.arrayBuffer())).toBe(row!.pdfSha256);
    const csv = await download(links.csv!);
    expect(sha256(await csv.arrayBuffer())).toBe(row!.csvSha256);
  });

  it("answers 403 to a tampered link, 410 to an expired one, and mints none for another creditor", async () => {
    const { url } = await statementDownloadLink(t.db, { creditorId, statementId, format: "pdf" });
    const last = url.at(-1) === "A" ? "B" : "A";
    expect((await download(`${url.slice(0, -1)}${last}`)).status).toBe(403);
    const old = await statementDownloadLink(t.db, {
      creditorId,
      statementId,
      format: "pdf",
      now: new Date(Date.now() - 3_600_000),
    });
    expect((await download(old.url)).status).toBe(410);
    await expect(
      statementDownloadLink(t.db, { creditorId: otherCreditorId, statementId, format: "pdf" }),
    ).rejects.toThrow(/not found/);
  });
});
