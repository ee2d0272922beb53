import Link from "next/link";
import type { PlacementPage } from "@/server/services/queries/placement-page";
import { Card, CardContent } from "@/components/ui/card";
import { day, money } from "./format";

type Placement = PlacementPage["placement"];

/** The figures of one placement, each from the placement's cached totals (the ledger verifier keeps them equal to the rows). */
export function PlacementSummary({ placement: p, remittancesHref }: { placement: Placement; remittancesHref: string }) {
  const figures: Array<{ label: string; value: React.ReactNode; hint?: React.ReactNode }> = [
    { label: "Invoice amount", value: money(p.invoiceAmount, p.currency), hint: `due ${day(p.dueDate)}` },
    {
      label: "Recovered",
      value: money(p.recoveredAmount, p.currency),
      hint: (
        <Link href={remittancesHref} className="text-primary hover:underline">
          remittance rows
        </Link>
      ),
    },
    { label: "Fees", value: money(p.feeAmount, p.currency), hint: "sum of each row's fee" },
    { label: "Net remit", value: money(p.recoveredAmount - p.feeAmount, p.currency) },
    {
      label: "Outstanding",
      value: money(p.outstandingAmount, p.currency),
      hint:
        p.displayStatus === "reversed_decision_pending"
          ? "reversed after payment: the agency is deciding whether collection resumes"
          : p.status === "open"
            ? "still being collected"
            : p.status === "paid" && p.outstandingAmount > 0n
              ? "reversed after payment; kept as is"
              : p.writtenOffAmount > 0n
                ? `${money(p.writtenOffAmount, p.currency)} written off`
                : "not being collected",
    },
  ];
  if (p.directPaidAmount > 0n)
    figures.push({
      label: "Paid to the creditor",
      value: money(p.directPaidAmount, p.currency),
      hint: "directly, found in QuickBooks",
    });
  if (p.customerCredit > 0n)
    figures.push({
      label: "Customer credit",
      value: money(p.customerCredit, p.currency),
      hint: "overpaid, owed to the debtor",
    });
  return (
    <Card className="py-0">
      <CardContent className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-3 lg:grid-cols-6">
        {figures.map((f) => (
          <div key={f.label} className="grid content-start gap-0.5">
            <p className="text-xs font-medium text-muted-foreground">{f.label}</p>
            <p
              className="text-base font-semibold tabular"
              data-testid={`placement-${f.label.toLowerCase().replace(/\s+/g, "-")}`}
            >
              {f.value}
            </p>
            {f.hint ? <p className="text-xs text-muted-foreground">{f.hint}</p> : null}
          </div>
        ))}
      </CardContent>
    </Card>
  );
}
