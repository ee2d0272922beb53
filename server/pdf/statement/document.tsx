import type * as ReactPdf from "@react-pdf/renderer";
import { periodLabel } from "@/server/domain/statement-period";
import type { StatementSection, StatementSnapshot } from "@/server/domain/statement-snapshot";
import { STATEMENT_FONT } from "../fonts";
import { type Block, HEADER_ROWS, PAGE_ROWS, SUMMARY_ROWS } from "./layout";
import { SUMMARY_WIDTH, drawSummary } from "./summary";
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
  row: { flexDirection: "row", height: ROW, alignItems: "center" },
  bold: { fontWeight: 700 },
} satisfies Record<string, Style>;

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

function Summary({ pdf: { Canvas }, section }: { pdf: Pdf; section: StatementSection }) {
  return (
    <Canvas
      style={{ width: SUMMARY_WIDTH, height: SUMMARY_ROWS * ROW }}
      paint={(painter: TablePainter) => {
        drawSummary(painter, section);
        return null;
      }}
    />
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
