import { createElement } from "react";
import type { StatementSnapshot } from "@/server/domain/statement-snapshot";
import { registerStatementFonts } from "../fonts";
import { StatementDocument } from "./document";
import { blocksOf, paginate } from "./layout";

// react-pdf is an ES module only: loaded with import() so CommonJS callers (tsx scripts: the demo
// seed, the CLI, the benchmark) can render too.
const reactPdf = () => import("@react-pdf/renderer");

/** The statement's PDF bytes and page count. Deterministic: the same snapshot gives the same bytes. */
export async function renderStatementPdf(snap: StatementSnapshot): Promise<{ bytes: Buffer; pages: number }> {
  const pdf = await reactPdf();
  registerStatementFonts(pdf.Font);
  const pages = paginate(blocksOf(snap));
  const element = createElement(StatementDocument, { pdf, snap, pages });
  const bytes = await pdf.renderToBuffer(element as unknown as Parameters<typeof pdf.renderToBuffer>[0]);
  return { bytes, pages: pages.length };
}
