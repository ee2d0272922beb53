/**
 * The statement's line table, drawn row by row with pdfkit's text calls: through react-pdf's
 * Canvas in the statement (document.tsx), and on a bare pdfkit document by the benchmark, so both
 * draw exactly the same table. Thousands of rows as react-pdf Text nodes would each go through
 * yoga layout and textkit line breaking; here a row is ten short strings at known positions.
 */
import path from "node:path";
import { formatMinor } from "@/server/domain/money";
import { wallClock } from "@/server/domain/statement-period";
import type { StatementLine } from "@/server/domain/statement-lines";
import type { Block } from "./layout";
import { textWidth } from "./measure";

/** Height of one row in points. */
export const ROW = 13;
export const FONT_SIZE = 7.5;
/** No OpenType features: the bundled faces carry no layout tables (fonts/README.md), so shaping is a cmap lookup. */
export const TEXT = { lineBreak: false, features: [] } as const;

/** The part of pdfkit's document API the table uses (react-pdf's Canvas painter offers the same calls). */
export type TablePainter = {
  font(src: string, family: string): TablePainter;
  fontSize(size: number): TablePainter;
  fillColor(color: string): TablePainter;
  rect(x: number, y: number, w: number, h: number): TablePainter;
  fill(): TablePainter;
  text(text: string, x: number, y: number, options: typeof TEXT): TablePainter;
};

const FONT_DIR = () => path.join(process.cwd(), "server", "pdf", "fonts");
/** The bundled faces by PostScript name (how pdfkit caches an embedded font, so react-pdf's and ours are one). */
export const tableFonts = () => ({
  regular: { src: path.join(FONT_DIR(), "DejaVuSansCondensed.ttf"), name: "DejaVuSansCondensed" },
  bold: { src: path.join(FONT_DIR(), "DejaVuSansCondensed-Bold.ttf"), name: "DejaVuSansCondensed-Bold" },
});

/** Columns: title, width in points, right-aligned. */
const COLUMNS: Array<[string, number, boolean]> = [
  ["Date", 50, false],
  ["Kind", 146, false],
  ["Invoice", 80, false],
  ["Debtor", 110, false],
  ["Reference", 110, false],
  ["Recovered", 62, true],
  ["Rate", 34, true],
  ["Fee", 56, true],
  ["Net", 66, true],
  ["QBO sync", 48, false],
];
export const TABLE_WIDTH = COLUMNS.reduce((w, [, width]) => w + width, 0);

// Characters that fit a column at 7.5pt in the condensed face: text is cut here, never wrapped.
const fit = (text: string | null, width: number) => {
  const max = Math.floor(width / 3.9);
  const t = text ?? "";
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

const grouped = new Map<string, Intl.NumberFormat>();
/** Grouped decimal without a symbol (the group title names the currency): "1,234.50". */
export function tableAmount(minor: bigint, currency: string): string {
  const decimals = formatMinor(0n, currency).split(".")[1]?.length ?? 0;
  let f = grouped.get(currency);
  if (!f)
    grouped.set(
      currency,
      (f = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })),
    );
  return f.format(formatMinor(minor, currency) as Intl.StringNumericLiteral);
}

/** "2026-11-03" in the statement's time zone. */
export function localDay(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

/** A line's cells, as text, in column order. */
export function lineCells(line: StatementLine, zone: string): string[] {
  const c = line.currency;
  return [
    localDay(line.occurredAt, zone),
    line.originalPeriod ? `${line.label} · from ${line.originalPeriod}` : line.label,
    line.invoiceNumber ?? "",
    line.debtorName ?? "",
    line.reference ?? (line.remittanceId ? `row ${line.remittanceId.slice(0, 8)}` : ""),
    tableAmount(line.recovered, c),
    line.rateBps === null ? "" : `${(line.rateBps / 100).toFixed(2)}%`,
    tableAmount(line.fee, c),
    tableAmount(line.net, c),
    line.qboState ?? "",
  ];
}

/** Draw `text` ending at `right` (a right-aligned cell), measured rather than wrapped. */
export function textRight(p: TablePainter, src: string, text: string, right: number, y: number) {
  p.text(text, right - textWidth(src, text, FONT_SIZE), y, TEXT);
}

function row(p: TablePainter, src: string, cells: string[], y: number) {
  let x = 0;
  COLUMNS.forEach(([, width, right], i) => {
    const text = fit(cells[i] ?? "", width);
    if (right) textRight(p, src, text, x + width - 4, y + 3);
    else p.text(text, x, y + 3, TEXT);
    x += width;
  });
}

/** Draw the table blocks of one page from the painter's origin down, one ROW each. */
export function drawTable(p: TablePainter, blocks: readonly Block[], zone: string): void {
  const f = tableFonts();
  blocks.forEach((b, i) => {
    const y = i * ROW;
    if (b.type === "tableHead") {
      p.font(f.bold.src, f.bold.name).fontSize(FONT_SIZE);
      row(
        p,
        f.bold.src,
        COLUMNS.map(([title]) => title),
        y,
      );
    } else if (b.type === "group") {
      p.fillColor("#eeeeee")
        .rect(0, y + 1, TABLE_WIDTH, ROW - 1)
        .fill()
        .fillColor("#000000");
      p.font(f.bold.src, f.bold.name)
        .fontSize(FONT_SIZE)
        .text(b.title, 2, y + 3, TEXT);
    } else if (b.type === "line") {
      p.font(f.regular.src, f.regular.name).fontSize(FONT_SIZE);
      row(p, f.regular.src, lineCells(b.line, zone), y);
    }
  });
}

/** True for the blocks drawn by the table (the rest are react-pdf views). */
export const isTableBlock = (b: Block) => b.type === "tableHead" || b.type === "group" || b.type === "line";
