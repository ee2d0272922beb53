import type { Db } from "@/db/client";
import { ACCOUNTS } from "@/server/domain/ledger-rules";
import { LINE_MOVEMENT, type StatementLine } from "@/server/domain/statement-lines";
import { periodBounds } from "@/server/domain/statement-period";
import { emptyActivity, type StatementSection, type StatementSnapshot } from "@/server/domain/statement-snapshot";
import {
  accountSums,
  isQuiet,
  statementNumber,
  summaryFromLines,
  summaryFromPostings,
  tieOut,
  type TieOutDifference,
  zeroFigures,
} from "@/server/domain/statements";
import { placementActivity } from "./activity";
import { type BookedEntry, bookedEntries, bookedOpening, historyOpening, unbookedEntries } from "./ledger-read";
import { buildLines } from "./lines";

export type TieOutResult = {
  ok: boolean;
  differences: TieOutDifference[];
  /** Entries that move the payable but produced no line (a record is missing), with what they move. */
  unexplained: Array<{ entryId: string; kind: string; currency: string; payableEffect: bigint }>;
};

export type SnapshotPlan = {
  snapshot: StatementSnapshot;
  tieOut: TieOutResult;
  /** Entries this version accounts for (booked to the month when version 1 is issued). */
  entries: BookedEntry[];
  /** True for the creditor's first statement: its history is the opening balance. */
  isFirst: boolean;
  payable: string;
};

/**
 * Compute a statement version: its entries (a new month: everything not on an earlier statement
 * that happened before the month's end; a re-issue: exactly what the month booked), the summary
 * from postings, the lines from records, and the tie-out of the two. Writes nothing.
 */
export async function buildSnapshot(
  db: Db,
  p: {
    creditor: { id: string; name: string; slug: string };
    period: string;
    version: number;
    timeZone: string;
    issuedAt: Date;
    reason: string | null;
    isReissue: boolean;
    /** No statement exists yet for the creditor: its history is the opening balance. */
    isFirst: boolean;
  },
): Promise<SnapshotPlan> {
  const { start, end } = periodBounds(p.period, p.timeZone);
  const payable = ACCOUNTS.creditorPayable(p.creditor.id);
  const isFirst = !p.isReissue && p.isFirst;
  const entries = p.isReissue
    ? await bookedEntries(db, p.creditor.id, p.period)
    : await unbookedEntries(db, { creditorId: p.creditor.id, payable, end, from: isFirst ? start : undefined });
  const opening = isFirst
    ? await historyOpening(db, p.creditor.id, payable, start)
    : await bookedOpening(db, p.creditor.id, payable, p.period);
  const lines = await buildLines(db, { entries, payable, period: p.period, timeZone: p.timeZone });
  const fromPostings = summaryFromPostings(entries, payable, opening);
  const fromLines = summaryFromLines(
    lines.map((l) => ({
      currency: l.currency,
      movement: LINE_MOVEMENT[l.kind],
      recovered: l.recovered,
      fee: l.fee,
      net: l.net,
    })),
    opening,
  );
  const result = {
    ok: true,
    differences: tieOut(fromPostings, fromLines),
    unexplained: unexplained(entries, lines, payable),
  };
  result.ok = result.differences.length === 0 && result.unexplained.length === 0;
  const activity = await placementActivity(db, { creditorId: p.creditor.id, start, end });
  const currencies = [...new Set([...fromPostings.keys(), ...activity.keys()])].sort();
  const sections: StatementSection[] = [];
  for (const currency of currencies) {
    const figures = fromPostings.get(currency) ?? zeroFigures();
    const act = activity.get(currency) ?? emptyActivity();
    const hasActivity = act.placed + act.paid + act.closed + act.openCount > 0;
    if (isQuiet(figures) && !hasActivity) continue;
    const priorPeriodNet = lines
      .filter((l) => l.currency === currency && l.originalPeriod)
      .reduce((s, l) => s + l.net, 0n);
    sections.push({ currency, figures, priorPeriodNet, activity: act });
  }
  return {
    snapshot: {
      number: statementNumber(p.creditor.slug, p.period),
      version: p.version,
      period: p.period,
      timeZone: p.timeZone,
      periodStart: start,
      periodEnd: end,
      issuedAt: p.issuedAt,
      reason: p.reason,
      creditor: p.creditor,
      sections,
      lines,
    },
    tieOut: result,
    entries,
    isFirst,
    payable,
  };
}

function unexplained(entries: BookedEntry[], lines: StatementLine[], payable: string): TieOutResult["unexplained"] {
  const explained = new Set(lines.map((l) => l.journalEntryId));
  const out: TieOutResult["unexplained"] = [];
  for (const e of entries) {
    if (explained.has(e.entryId)) continue;
    for (const [currency, s] of accountSums(e.postings, payable))
      if (s.payable !== 0n || s.fee !== 0n)
        out.push({ entryId: e.entryId, kind: e.kind, currency, payableEffect: -s.payable });
  }
  return out;
}
