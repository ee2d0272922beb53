import type { StatementLine } from "@/server/domain/statement-lines";
import { emptyActivity, type StatementSnapshot } from "@/server/domain/statement-snapshot";
import { zeroFigures } from "@/server/domain/statements";

/** A statement snapshot of `lines` made-up lines (USD), for PDF tests and the benchmark. */
export function sampleSnapshot(lines: number, over: Partial<StatementSnapshot> = {}): StatementSnapshot {
  const rows: StatementLine[] = Array.from({ length: lines }, (_, i) => {
    const recovered = BigInt(10_000 + i * 37);
    const fee = (recovered * 2_500n + 5_000n) / 10_000n;
    const at = new Date(Date.UTC(2026, 9, 1 + (i % 30), 12));
    return {
      seq: i + 1,
      currency: "USD",
      kind: i % 9 === 0 ? "installment" : "partial",
      label: i % 9 === 0 ? `Installment ${1 + (i % 4)} of 4` : "Partial payment",
      bookedAt: at,
      occurredAt: at,
      originalPeriod: null,
      invoiceNumber: `INV-${100_000 + i}`,
      debtorName: i % 5 === 0 ? "Zoë Müller-Łukasiewicz" : `Debtor ${i}`,
      placementId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      remittanceId: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      parentRemittanceId: null,
      reference: null,
      recovered,
      rateBps: 2_500,
      fee,
      net: recovered - fee,
      qboState: "posted",
      journalEntryId: `20000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    };
  });
  const collected = rows.reduce((s, l) => s + l.recovered, 0n);
  const fees = rows.reduce((s, l) => s + l.fee, 0n);
  const figures = { ...zeroFigures(), opening: 123_456n, collected, agencyFees: -fees };
  figures.closing = figures.opening + collected - fees;
  return {
    number: "CB-NORTHWIND-2026-10",
    version: 1,
    period: "2026-10",
    timeZone: "UTC",
    periodStart: new Date(Date.UTC(2026, 9, 1)),
    periodEnd: new Date(Date.UTC(2026, 10, 1)),
    issuedAt: new Date(Date.UTC(2026, 10, 1, 4)),
    reason: null,
    creditor: { id: "30000000-0000-4000-8000-000000000001", name: "Northwind Supplies", slug: "northwind" },
    sections: [
      {
        currency: "USD",
        figures,
        priorPeriodNet: 0n,
        activity: { ...emptyActivity(), placed: 3, placedAmount: 450_000n },
      },
    ],
    lines: rows,
    ...over,
  };
}
