/**
 * Everything one issued statement says, fixed at issue: the PDF, the CSV and the HTML summary are
 * all drawn from this, so the same snapshot always renders to the same bytes.
 */
import type { Figures } from "./statements";
import type { StatementLine } from "./statement-lines";

/** Placements activity of one currency in the period (descriptive; not part of the tie-out). */
export type PlacementActivity = {
  placed: number;
  placedAmount: bigint;
  paid: number;
  closed: number;
  /** Placements still open at the end of the period, and what remained owed on them then. */
  openCount: number;
  openBalance: bigint;
};

export type StatementSection = {
  currency: string;
  figures: Figures;
  /** Of the movements, the net of prior-period adjustments (late events about earlier months). */
  priorPeriodNet: bigint;
  activity: PlacementActivity;
};

export type StatementSnapshot = {
  number: string;
  version: number;
  period: string;
  timeZone: string;
  periodStart: Date;
  periodEnd: Date;
  issuedAt: Date;
  /** Why this version was issued (required from version 2 on). */
  reason: string | null;
  creditor: { id: string; name: string; slug: string };
  sections: StatementSection[];
  lines: StatementLine[];
};

export const emptyActivity = (): PlacementActivity => ({
  placed: 0,
  placedAmount: 0n,
  paid: 0,
  closed: 0,
  openCount: 0,
  openBalance: 0n,
});
