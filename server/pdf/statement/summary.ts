/**
 * A currency's summary block, drawn like the table (table.ts) with pdfkit's text calls through
 * react-pdf's Canvas: two columns of label and amount, the figures from opening to closing beside
 * the placements activity. Dozens of small Text nodes would cost more layout than the whole table.
 */
import { formatMoney } from "@/server/domain/money";
import type { StatementSection } from "@/server/domain/statement-snapshot";
import { FONT_SIZE, ROW, TEXT, tableFonts, textRight, type TablePainter } from "./table";

export const SUMMARY_WIDTH = 640;
const LABEL = 200;
const VALUE = 100;
const GAP = 40;

const FIGURES: Array<[keyof StatementSection["figures"], string]> = [
  ["opening", "Opening payable balance"],
  ["collected", "Collected"],
  ["agencyFees", "Agency fees"],
  ["reversals", "Reversals (refunds, chargebacks)"],
  ["reinstatements", "Reinstatements"],
  ["directPaymentFees", "Fees owed on direct payments"],
  ["disbursed", "Disbursed to you"],
  ["otherAdjustments", "Other adjustments"],
  ["closing", "Closing payable balance"],
];

type Pair = [label: string, value: string, bold?: boolean];

function column(p: TablePainter, x: number, title: string, pairs: Pair[], note?: string) {
  const f = tableFonts();
  p.font(f.bold.src, f.bold.name).fontSize(FONT_SIZE).text(title, x, 3, TEXT);
  pairs.forEach(([label, value, bold], i) => {
    const y = (i + 1) * ROW + 3;
    const face = bold ? f.bold : f.regular;
    p.font(face.src, face.name).fontSize(FONT_SIZE);
    p.text(label, x, y, TEXT);
    textRight(p, face.src, value, x + LABEL + VALUE, y);
  });
  if (note) {
    p.font(f.regular.src, f.regular.name).fillColor("#555555");
    p.text(note, x, (pairs.length + 1) * ROW + 3, TEXT).fillColor("#000000");
  }
}

/** Draw one currency's summary and activity from the painter's origin. */
export function drawSummary(p: TablePainter, s: StatementSection): void {
  const c = s.currency;
  const a = s.activity;
  column(
    p,
    0,
    `Summary · ${c}`,
    FIGURES.map(([k, label]) => [label, formatMoney(s.figures[k], c), k === "closing"]),
    `Of which prior-period adjustments: ${formatMoney(s.priorPeriodNet, c)}`,
  );
  column(p, LABEL + VALUE + GAP, `Placements · ${c}`, [
    ["Placed this period", `${a.placed} (${formatMoney(a.placedAmount, c)})`],
    ["Paid in full this period", String(a.paid)],
    ["Closed or recalled this period", String(a.closed)],
    ["Open at period end", String(a.openCount)],
    ["Open balance at period end", formatMoney(a.openBalance, c)],
  ]);
}
