"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Wallet } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { day, money } from "@/components/portal/format";

/** Back-office Payables: what each creditor is owed per currency, from the ledger. */
export function PayablesTable() {
  const trpc = useTRPC();
  const q = useQuery(trpc.disbursements.payables.queryOptions({}));
  if (q.isPending) return <Skeleton className="h-48 w-full" />;
  if (q.error)
    return (
      <ErrorState title="Payables could not be loaded" description={q.error.message} onRetry={() => void q.refetch()} />
    );
  if (!q.data.length)
    return (
      <EmptyState
        icon={<Wallet />}
        title="Nothing is owed to any creditor"
        description="Payables appear when payments clear."
      />
    );
  return (
    <div className="overflow-x-auto rounded-lg border bg-card">
      <Table aria-label="Payables">
        <TableHeader>
          <TableRow>
            <TableHead>Creditor</TableHead>
            <TableHead>Currency</TableHead>
            <TableHead numeric>Payable (ledger)</TableHead>
            <TableHead numeric>Open rows</TableHead>
            <TableHead numeric>Clawbacks</TableHead>
            <TableHead numeric>Fees owed</TableHead>
            <TableHead numeric>Due now</TableHead>
            <TableHead numeric>Proposed</TableHead>
            <TableHead numeric>In flight</TableHead>
            <TableHead>Last disbursement</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {q.data.map((p) => (
            <TableRow key={`${p.creditorId}-${p.currency}`}>
              <TableCell>
                <Link className="font-medium hover:underline" href={`/backoffice/creditors/${p.creditorId}`}>
                  {p.creditorName}
                </Link>
                <span className="ml-2 text-xs text-muted-foreground">
                  {p.hasConnectedAccount ? "Stripe" : "ACH/wire"}
                </span>
              </TableCell>
              <TableCell>{p.currency}</TableCell>
              <TableCell numeric>{money(p.payable, p.currency)}</TableCell>
              <TableCell numeric>
                {money(p.rowsOpen, p.currency)}{" "}
                <span className="text-xs text-muted-foreground">({p.openRowCount})</span>
              </TableCell>
              <TableCell numeric className={p.clawbacks < 0n ? "text-destructive" : undefined}>
                {money(p.clawbacks, p.currency)}
              </TableCell>
              <TableCell numeric>{money(p.feesOwed, p.currency)}</TableCell>
              <TableCell numeric className="font-medium">
                {p.due > 0n ? (
                  money(p.due, p.currency)
                ) : (
                  <span className="text-muted-foreground">
                    {p.openRowCount || p.feesOwed || p.adjustment ? "carried forward" : "—"}
                  </span>
                )}
              </TableCell>
              <TableCell numeric>{money(p.proposed, p.currency)}</TableCell>
              <TableCell numeric>{money(p.inFlight, p.currency)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {p.lastDisbursementId ? (
                  <Link className="hover:underline" href={`/backoffice/disbursements/${p.lastDisbursementId}`}>
                    {money(p.lastDisbursementAmount ?? 0n, p.currency)} ·{" "}
                    {p.lastDisbursementAt ? day(p.lastDisbursementAt) : ""}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">Never</span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** The button to start a run. */
export function NewRunButton() {
  return (
    <Button asChild>
      <Link href="/backoffice/disbursements/new">New disbursement run</Link>
    </Button>
  );
}
