import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { money } from "@/components/portal/format";
import type { StatementSection } from "@/server/domain/statement-snapshot";

const FIGURES: Array<[keyof StatementSection["figures"], string]> = [
  ["opening", "Opening payable balance"],
  ["collected", "Collected"],
  ["agencyFees", "Agency fees"],
  ["reversals", "Reversals (refunds, chargebacks)"],
  ["reinstatements", "Reinstatements"],
  ["directPaymentFees", "Fees owed on direct payments"],
  ["disbursed", "Disbursed to you"],
  ["otherAdjustments", "Other adjustments"],
];

/** A statement's summary as HTML: one card per currency, the figures from opening to closing, and placements activity. */
export function StatementSummary({ sections }: { sections: StatementSection[] }) {
  if (!sections.length)
    return <p className="text-sm text-muted-foreground">No money and no placements in this period.</p>;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {sections.map((s) => (
        <Card key={s.currency} data-testid={`summary-${s.currency}`}>
          <CardHeader>
            <CardTitle>Summary · {s.currency}</CardTitle>
            <CardDescription>What the agency owes you: positive adds to it, negative takes from it.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-[3fr_2fr]">
            <dl className="grid gap-1 text-sm">
              {FIGURES.map(([k, label]) =>
                k === "otherAdjustments" && s.figures[k] === 0n ? null : (
                  <div key={k} className="flex justify-between gap-4">
                    <dt className="text-muted-foreground">{label}</dt>
                    <dd className="tabular-nums">{money(s.figures[k], s.currency)}</dd>
                  </div>
                ),
              )}
              <div className="flex justify-between gap-4 border-t pt-1 font-semibold">
                <dt>Closing payable balance</dt>
                <dd className="tabular-nums">{money(s.figures.closing, s.currency)}</dd>
              </div>
              {s.priorPeriodNet !== 0n ? (
                <p className="text-xs text-muted-foreground">
                  Of which prior-period adjustments: {money(s.priorPeriodNet, s.currency)}
                </p>
              ) : null}
            </dl>
            <dl className="grid content-start gap-1 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Placed</dt>
                <dd className="tabular-nums">
                  {s.activity.placed} ({money(s.activity.placedAmount, s.currency)})
                </dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Paid in full</dt>
                <dd className="tabular-nums">{s.activity.paid}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Closed or recalled</dt>
                <dd className="tabular-nums">{s.activity.closed}</dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-muted-foreground">Open at period end</dt>
                <dd className="tabular-nums">
                  {s.activity.openCount} ({money(s.activity.openBalance, s.currency)})
                </dd>
              </div>
            </dl>
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
