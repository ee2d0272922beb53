"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/cn";
import { dateTime, day, humanize, money } from "@/components/portal/format";
import { StatusBadge } from "@/components/portal/status-badge";

const STEPS = ["matched", "settled", "bank_confirmed"] as const;

/** One payment and its three-state cash truth: matched → settled → bank-confirmed. */
export function PaymentView({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.bank.payment.queryOptions({ id }));
  if (q.isPending) return <Skeleton className="h-48" />;
  if (q.error) return <ErrorState title="Payment could not be loaded" description={q.error.message} />;
  const { payment: p, remittances, cash } = q.data;
  const reached = cash ? STEPS.indexOf(cash.state) : -1;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center gap-2">
            {money(p.amount, p.currency)} from {humanize(p.source)} <StatusBadge status={p.status} />
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <p>
            <span className="font-mono text-xs">{p.externalId}</span> received {dateTime(p.receivedAt)}
            {p.placementId ? (
              <>
                {" "}
                for invoice{" "}
                <Link className="font-medium hover:underline" href={`/backoffice/placements/${p.placementId}`}>
                  {p.invoiceNumber}
                </Link>{" "}
                of {p.creditorName}
              </>
            ) : null}
          </p>
          <p>{remittances.length} remittance row(s).</p>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Cash truth</CardTitle>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-3 sm:grid-cols-3" aria-label="Cash truth" data-cash-state={cash?.state ?? "none"}>
            {STEPS.map((s, i) => (
              <li
                key={s}
                className={cn(
                  "rounded-lg border p-3",
                  // A step not reached yet: dashed and muted, never faded (faded text fails colour contrast).
                  i <= reached ? "border-success/40 bg-success/5" : "border-dashed text-muted-foreground",
                )}
              >
                <p className="font-medium">{humanize(s)}</p>
                <p className="text-xs text-muted-foreground">
                  {s === "matched"
                    ? "Booked in the ledger (remittance minted)."
                    : s === "settled"
                      ? cash?.payoutId
                        ? `In Stripe payout ${cash.payoutId}, arriving ${day(cash.payoutArrival ?? "")}.`
                        : "Not in a Stripe payout yet."
                      : cash?.bankDate
                        ? `The payout is on the bank statement of ${day(cash.bankDate)}.`
                        : "Not yet found on a bank statement."}
                </p>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
