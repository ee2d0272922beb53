import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementLines, type statements } from "@/db/schema";
import type { LineKind, StatementLine } from "@/server/domain/statement-lines";
import type { StatementSection, StatementSnapshot } from "@/server/domain/statement-snapshot";
import { FIGURES, type Figures } from "@/server/domain/statements";
import type { VersionFacts } from "@/server/domain/statement-diff";

/**
 * An issued statement as stored (jsonb summary with amounts as strings of minor units, one row per
 * line) and back: the stored version re-renders to the very bytes that were issued.
 */
type StatementRow = typeof statements.$inferSelect;
type SummaryJson = { sections: Array<Record<string, unknown>> };

const ACTIVITY_AMOUNTS = ["placedAmount", "openBalance"] as const;

/** Sections as jsonb: bigint → string. */
export function summaryToJson(sections: StatementSection[]): SummaryJson {
  return {
    sections: sections.map((s) => ({
      currency: s.currency,
      figures: Object.fromEntries(FIGURES.map((f) => [f, s.figures[f].toString()])),
      priorPeriodNet: s.priorPeriodNet.toString(),
      activity: {
        ...s.activity,
        placedAmount: s.activity.placedAmount.toString(),
        openBalance: s.activity.openBalance.toString(),
      },
    })),
  };
}

/** jsonb → sections. */
export function summaryFromJson(json: Record<string, unknown>): StatementSection[] {
  const sections = (json as SummaryJson).sections ?? [];
  return sections.map((s) => {
    const figures = Object.fromEntries(
      FIGURES.map((f) => [f, BigInt((s.figures as Record<string, string>)[f] ?? "0")]),
    ) as Figures;
    const a = s.activity as Record<string, unknown>;
    const activity = { ...(a as unknown as StatementSection["activity"]) };
    for (const k of ACTIVITY_AMOUNTS) activity[k] = BigInt(String(a[k] ?? "0"));
    return { currency: String(s.currency), figures, priorPeriodNet: BigInt(String(s.priorPeriodNet ?? "0")), activity };
  });
}

/** A `statement_lines` row as a line. */
export function lineFromRow(r: typeof statementLines.$inferSelect): StatementLine {
  return {
    seq: r.seq,
    currency: r.currency.trim(),
    kind: r.kind as LineKind,
    label: r.label,
    bookedAt: r.bookedAt,
    occurredAt: r.occurredAt,
    originalPeriod: r.originalPeriod,
    invoiceNumber: r.invoiceNumber,
    debtorName: r.debtorName,
    placementId: r.placementId,
    remittanceId: r.remittanceId,
    parentRemittanceId: r.parentRemittanceId,
    reference: r.reference,
    recovered: r.recovered,
    rateBps: r.rateBps,
    fee: r.fee,
    net: r.net,
    qboState: r.qboState,
    journalEntryId: r.journalEntryId,
  };
}

/** Every line of a stored statement, in order. */
export async function storedLines(db: Db, statementId: string): Promise<StatementLine[]> {
  const rows = await db
    .select()
    .from(statementLines)
    .where(eq(statementLines.statementId, statementId))
    .orderBy(asc(statementLines.seq));
  return rows.map(lineFromRow);
}

/** The snapshot a stored statement was rendered from. */
export async function storedSnapshot(db: Db, row: StatementRow): Promise<StatementSnapshot> {
  return {
    number: row.number,
    version: row.version,
    period: row.period,
    timeZone: row.timeZone,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    issuedAt: row.issuedAt,
    reason: row.reason,
    creditor: { id: row.creditorId, name: row.creditorName, slug: row.creditorSlug },
    sections: summaryFromJson(row.summary),
    lines: await storedLines(db, row.id),
  };
}

/** What the version diff compares. */
export const versionFacts = (s: StatementSnapshot): VersionFacts => ({
  header: { creditorName: s.creditor.name, number: s.number, timeZone: s.timeZone },
  summaries: s.sections.map((x) => ({ currency: x.currency, figures: x.figures })),
  lines: s.lines,
});
