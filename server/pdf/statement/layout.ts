/**
 * Explicit page chunks for the statement PDF. Every block has a fixed height in rows, so pages are
 * decided here, before react-pdf sees anything: it never wraps a long table itself (slow on
 * thousands of rows) and "page x of y" is known while drawing page x.
 */
import type { StatementLine } from "@/server/domain/statement-lines";
import type { StatementSection, StatementSnapshot } from "@/server/domain/statement-snapshot";

/** Rows of body per page (landscape A4 at ROW_HEIGHT points a row). */
export const PAGE_ROWS = 36;
/** The statement header block on page 1. */
export const HEADER_ROWS = 5;
/** One currency's summary block: title, nine figures, the activity beside them, spacing. */
export const SUMMARY_ROWS = 12;

export type Block =
  | { type: "header" }
  | { type: "summary"; section: StatementSection }
  | { type: "tableHead" }
  | { type: "group"; title: string }
  | { type: "line"; line: StatementLine }
  | { type: "empty" };

const HEIGHT: Record<Block["type"], number> = {
  header: HEADER_ROWS,
  summary: SUMMARY_ROWS,
  tableHead: 1,
  group: 1,
  line: 1,
  empty: 1,
};

function groupTitle(l: StatementLine): string {
  if (l.kind === "disbursement" || l.kind === "disbursement_return") return `${l.currency} · Disbursements`;
  return l.originalPeriod ? `${l.currency} · Prior-period adjustments` : `${l.currency} · Activity this period`;
}

/** The snapshot's content as blocks, in reading order. */
export function blocksOf(s: StatementSnapshot): Block[] {
  const blocks: Block[] = [{ type: "header" }, ...s.sections.map((section) => ({ type: "summary" as const, section }))];
  if (!s.lines.length) return [...blocks, { type: "empty" }];
  let title = "";
  for (const line of s.lines) {
    const t = groupTitle(line);
    if (t !== title) blocks.push({ type: "group", title: (title = t) });
    blocks.push({ type: "line", line });
  }
  return blocks;
}

/**
 * Greedy pages of at most PAGE_ROWS rows. A page holding lines starts its table with the column
 * heads; a group title never ends a page alone, and a group cut by a page break is titled again
 * ("continued") on the next page.
 */
export function paginate(blocks: readonly Block[]): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let used = 0;
  let group = "";
  const put = (b: Block) => {
    page.push(b);
    used += HEIGHT[b.type];
  };
  for (const b of blocks) {
    const isTable = b.type === "group" || b.type === "line";
    const hasHead = page.some((x) => x.type === "tableHead");
    // A group title needs its first line beside it; a fresh table needs its column heads.
    const need = HEIGHT[b.type] + (isTable && !hasHead ? 1 : 0) + (b.type === "group" ? 1 : 0);
    if (used + need > PAGE_ROWS && page.length) {
      pages.push(page);
      page = [];
      used = 0;
    }
    if (isTable && !page.some((x) => x.type === "tableHead")) {
      put({ type: "tableHead" });
      if (b.type === "line" && group) put({ type: "group", title: `${group} (continued)` });
    }
    if (b.type === "group") group = b.title;
    put(b);
  }
  if (page.length) pages.push(page);
  return pages;
}
