import type * as ReactPdf from "@react-pdf/renderer";
import { formatMoney } from "@/server/domain/money";
import { periodLabel } from "@/server/domain/statement-period";
import type { StatementSection, StatementSnapshot } from "@/server/domain/statement-snapshot";
import { STATEMENT_FONT } from "../fonts";
import { type Block, HEADER_ROWS, PAGE_ROWS, SUMMARY_ROWS } from "./layout";
import { ROW, TABLE_WIDTH, drawTable, isTableBlock, localDay, type TablePainter } from "./table";

/** react-pdf, loaded by `import()` (an ES module only; see render.ts) and handed to the components. */
type Pdf = typeof ReactPdf;
type Style = NonNullable<ReactPdf.DocumentProps["style"]>;

const s = {
  page: { fontFamily: STATEMENT_FONT, fontSize: 7.5, paddingTop: 26, paddingBottom: 22, paddingHorizontal: 28 },
  top: { flexDirection: "row", justifyContent: "space-between", height: 18, borderBottomWidth: 0.5, marginBottom: 6 },
  body: { height: PAGE_ROWS * ROW },
  footer: { flexDirection: "row", justifyContent: "space-between", color: "#555555" },
  header: { height: HEADER_ROWS * ROW },
  title: { fontSize: 14, fontWeight: 700, marginBottom: 4 },
  muted: { color: "#555555" },
  summary: { height: SUMMARY_ROWS * ROW, flexDirection: "row" },
  column: { width: 300, marginRight: 40 },
  row: { flexDirection: "row", height: ROW, alignItems: "center" },
  total: { flexDirection: "row", height: ROW, alignItems: "center", borderTopWidth: 0.5, fontWeight: 700 },
  bold: { fontWeight: 700 },
  label: { width: 200 },
  value: { width: 100, textAlign: "right" },
} satisfies Record<string, Style>;

const FIGURE_ROWS: Array<[keyof StatementSection["figures"], string]> = [
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

function Header({ pdf: { Text, View }, snap }: { pdf: Pdf; snap: StatementSnapshot }) {
  const last = localDay(new Date(snap.periodEnd.getTime() - 1), snap.timeZone);
  return (
    <View style={s.header}>
      <Text style={s.title}>Monthly statement · {periodLabel(snap.period)}</Text>
      <Text>
        {snap.creditor.name} · {snap.number} · version {snap.version} · issued {localDay(snap.issuedAt, snap.timeZone)}
      </Text>
      <Text style={s.muted}>
        Period {localDay(snap.periodStart, snap.timeZone)} to {last} ({snap.timeZone}). Figures are what the agency owes
        you: positive adds to it, negative takes from it.
      </Text>
      {snap.reason ? <Text style={s.muted}>Re-issued: {snap.reason}</Text> : null}
    </View>
  );
}

function Summary({ pdf: { Text, View }, section }: { pdf: Pdf; section: StatementSection }) {
  const c = section.currency;
  const a = section.activity;
  const pair = (label: string, value: string, style: Style = s.row) => (
    <View style={style} key={label}>
      <Text style={s.label}>{label}</Text>
      <Text style={s.value}>{value}</Text>
    </View>
  );
  return (
    <View style={s.summary}>
      <View style={s.column}>
        <Text style={[s.row, s.bold]}>Summary · {c}</Text>
        {FIGURE_ROWS.map(([k, label]) =>
          pair(label, formatMoney(section.figures[k], c), k === "closing" ? s.total : s.row),
        )}
        <Text style={[s.row, s.muted]}>
          Of which prior-period adjustments: {formatMoney(section.priorPeriodNet, c)}
        </Text>
      </View>
      <View style={s.column}>
        <Text style={[s.row, s.bold]}>Placements · {c}</Text>
        {pair("Placed this period", `${a.placed} (${formatMoney(a.placedAmount, c)})`)}
        {pair("Paid in full this period", String(a.paid))}
        {pair("Closed or recalled this period", String(a.closed))}
        {pair("Open at period end", String(a.openCount))}
        {pair("Open balance at period end", formatMoney(a.openBalance, c))}
      </View>
    </View>
  );
}

function PageBody({ pdf, blocks, snap }: { pdf: Pdf; blocks: Block[]; snap: StatementSnapshot }) {
  const { Canvas, Text, View } = pdf;
  const table = blocks.filter(isTableBlock);
  return (
    <View style={s.body}>
      {blocks.map((b, i) =>
        b.type === "header" ? (
          <Header key={i} pdf={pdf} snap={snap} />
        ) : b.type === "summary" ? (
          <Summary key={i} pdf={pdf} section={b.section} />
        ) : b.type === "empty" ? (
          <Text key={i} style={[s.row, s.muted]}>
            No activity in this period.
          </Text>
        ) : null,
      )}
      {table.length ? (
        <Canvas
          style={{ width: TABLE_WIDTH, height: table.length * ROW }}
          paint={(painter: TablePainter) => {
            drawTable(painter, table, snap.timeZone);
            return null;
          }}
        />
      ) : null}
    </View>
  );
}

/**
 * The statement PDF: pages laid out beforehand (layout.ts) and drawn as they are, "page x of y" on
 * each, and the metadata pinned to the snapshot (creation date = issue date), so the same snapshot
 * gives the same bytes.
 */
export function StatementDocument({ pdf, snap, pages }: { pdf: Pdf; snap: StatementSnapshot; pages: Block[][] }) {
  const { Document, Page, Text, View } = pdf;
  const title = `${snap.number} v${snap.version}`;
  return (
    <Document
      title={title}
      author="Clearbook"
      subject={`Monthly statement of ${snap.creditor.name} for ${snap.period}`}
      creator="Clearbook"
      producer="Clearbook"
      creationDate={snap.issuedAt}
      modificationDate={snap.issuedAt}
    >
      {pages.map((blocks, i) => (
        <Page key={i} size="A4" orientation="landscape" style={s.page}>
          <View style={s.top}>
            <Text style={s.bold}>{snap.creditor.name}</Text>
            <Text>{title}</Text>
          </View>
          <PageBody pdf={pdf} blocks={blocks} snap={snap} />
          <View style={s.footer}>
            <Text>Clearbook · {title} · every figure ties to the agency&apos;s ledger</Text>
            <Text>
              Page {i + 1} of {pages.length}
            </Text>
          </View>
        </Page>
      ))}
    </Document>
  );
}
