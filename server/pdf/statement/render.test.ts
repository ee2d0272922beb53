import { createHash } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { formatMoney } from "@/server/domain/money";
import { sampleSnapshot } from "@/server/testing/statements";
import { blocksOf, paginate } from "./layout";
import { renderStatementPdf } from "./render";

const pagesOf = async (bytes: Buffer) => {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  return { totalPages, text: text as string[] };
};

describe("statement PDF", () => {
  it("is byte-reproducible: the same snapshot renders to the same bytes", async () => {
    const snap = sampleSnapshot(12);
    const a = await renderStatementPdf(snap);
    const b = await renderStatementPdf(sampleSnapshot(12));
    expect(a.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(createHash("sha256").update(a.bytes).digest("hex")).toBe(createHash("sha256").update(b.bytes).digest("hex"));
    // The creation date is the issue date, not the time of rendering.
    const meta = await (await getDocumentProxy(new Uint8Array(a.bytes))).getMetadata();
    expect((meta.info as Record<string, unknown>).CreationDate).toMatch(/^D:20261101040000Z/);
    const other = await renderStatementPdf(sampleSnapshot(12, { issuedAt: new Date(Date.UTC(2026, 10, 2)) }));
    expect(Buffer.compare(a.bytes, other.bytes)).not.toBe(0);
  });

  it("carries the summary figures, the statement number and page x of y as text", async () => {
    const snap = sampleSnapshot(8);
    const f = snap.sections[0]!.figures;
    const { totalPages, text } = await pagesOf((await renderStatementPdf(snap)).bytes);
    expect(totalPages).toBe(1);
    const page = text[0]!;
    for (const figure of [f.opening, f.collected, f.agencyFees, f.closing])
      expect(page).toContain(formatMoney(figure, "USD"));
    expect(page).toContain("CB-NORTHWIND-2026-10");
    expect(page).toContain("Page 1 of 1");
    expect(page).toContain("Zoë Müller-Łukasiewicz");
    expect(page).toContain("INV-100007");
  });

  it("lays long tables out in explicit page chunks, every line once, page x of y on each", async () => {
    const snap = sampleSnapshot(400);
    const planned = paginate(blocksOf(snap));
    const { totalPages, text } = await pagesOf((await renderStatementPdf(snap)).bytes);
    expect(totalPages).toBe(planned.length);
    expect(totalPages).toBeGreaterThan(10);
    text.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${totalPages}`));
    const invoices = text.join("\n").match(/INV-1\d{5}/g) ?? [];
    expect(new Set(invoices).size).toBe(400);
    expect(text[1]).toContain("(continued)");
  });
});
