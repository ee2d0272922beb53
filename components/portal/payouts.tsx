"use client";

import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { RowsTable } from "@/components/disbursements/rows-table";
import { day, humanize, money } from "./format";
import { StatusBadge } from "./status-badge";

/** The creditor's payouts: each disbursement that left, how, and the remittance rows it paid. */
export function Payouts() {
  const trpc = useTRPC();
  const q = useQuery(trpc.payouts.list.queryOptions());
  if (q.isPending) return <Skeleton className="h-48" />;
  if (q.error)
    return (
      <ErrorState title="Payouts could not be loaded" description={q.error.message} onRetry={() => void q.refetch()} />
    );
  if (!q.data.length)
    return (
      <EmptyState
        icon={<Send />}
        title="No payouts yet"
        description="When we pay you, each payout and the rows it covers appear here."
      />
    );
  return (
    <div className="grid gap-4">
      {q.data.map((p) => (
        <Card key={p.id} data-testid="payout">
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              {money(p.amount, p.currency)} <StatusBadge status={p.status} />
            </CardTitle>
            <CardDescription>
              {p.method ? humanize(p.method) : ""} {p.stripeTransferId ?? p.achReference ?? ""} ·{" "}
              {day(p.paidAt ?? p.createdAt)}
              {p.feesNetted > 0n
                ? ` · fees you owed on direct payments netted: ${money(p.feesNetted, p.currency)}`
                : ""}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <RowsTable
              rows={p.rows}
              currency={p.currency}
              placementHref={(id) => `/placements/${id}`}
              label="Rows this payout paid"
            />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
