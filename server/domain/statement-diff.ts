/**
 * What changed between two versions of one month's statement: figures, lines added, removed or
 * changed (field by field), and header facts. A re-issue covers the same booked entries, so money
 * figures normally stay put and the diff shows what was corrected around them (a QuickBooks state,
 * a debtor's name, the creditor's name). Pure; amounts are kept as strings so the diff is JSON.
 */
import { FIGURES, type Figure, type Figures } from "./statements";
import { lineKey, type StatementLine } from "./statement-lines";

export type VersionFacts = {
  header: Record<string, string | null>;
  summaries: ReadonlyArray<{ currency: string; figures: Figures }>;
  lines: readonly StatementLine[];
};

type Change = { field: string; from: string | null; to: string | null };
export type StatementDiff = {
  header: Change[];
  figures: Array<{ currency: string; figure: Figure; from: string; to: string }>;
  linesAdded: string[];
  linesRemoved: string[];
  linesChanged: Array<{ key: string; label: string; changes: Change[] }>;
};

const COMPARED: Array<keyof StatementLine> = [
  "kind",
  "label",
  "bookedAt",
  "occurredAt",
  "originalPeriod",
  "invoiceNumber",
  "debtorName",
  "reference",
  "recovered",
  "rateBps",
  "fee",
  "net",
  "qboState",
];

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

/** The changes from `before` to `after`. */
export function diffStatements(before: VersionFacts, after: VersionFacts): StatementDiff {
  const header = [...new Set([...Object.keys(before.header), ...Object.keys(after.header)])]
    .sort()
    .filter((k) => (before.header[k] ?? null) !== (after.header[k] ?? null))
    .map((field) => ({ field, from: before.header[field] ?? null, to: after.header[field] ?? null }));
  const figures: StatementDiff["figures"] = [];
  const currencies = [...new Set([...before.summaries, ...after.summaries].map((s) => s.currency))].sort();
  for (const currency of currencies) {
    const a = before.summaries.find((s) => s.currency === currency)?.figures;
    const b = after.summaries.find((s) => s.currency === currency)?.figures;
    for (const figure of FIGURES) {
      const from = a?.[figure] ?? 0n;
      const to = b?.[figure] ?? 0n;
      if (from !== to) figures.push({ currency, figure, from: from.toString(), to: to.toString() });
    }
  }
  const old = new Map(before.lines.map((l) => [lineKey(l), l]));
  const now = new Map(after.lines.map((l) => [lineKey(l), l]));
  const linesChanged: StatementDiff["linesChanged"] = [];
  for (const [key, l] of now) {
    const o = old.get(key);
    if (!o) continue;
    const changes = COMPARED.map((field) => ({ field, from: text(o[field]), to: text(l[field]) })).filter(
      (c) => c.from !== c.to,
    );
    if (changes.length) linesChanged.push({ key, label: l.label, changes });
  }
  return {
    header,
    figures,
    linesAdded: [...now.keys()].filter((k) => !old.has(k)),
    linesRemoved: [...old.keys()].filter((k) => !now.has(k)),
    linesChanged,
  };
}

/** True when nothing differs. */
export const isSameStatement = (d: StatementDiff): boolean =>
  !d.header.length && !d.figures.length && !d.linesAdded.length && !d.linesRemoved.length && !d.linesChanged.length;
