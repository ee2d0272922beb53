"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money } from "@/components/portal/format";

/** Collected money not yet bank-confirmed, per currency, by how long it has waited. */
export function CashOverview() {
  const trpc = useTRPC();
  const q = useQuery(trpc.bank.cashOverview.queryOptions());
  if (q.isPending) return <Skeleton className="h-48" />;
  if (q.error) return <p className="text-sm text-destructive">{q.error.message}</p>;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Collected but not yet bank-confirmed</CardTitle>
        <CardDescription>
          Matched: booked in the ledger, in no Stripe payout yet. Settled: in a paid payout not yet found on a bank
          statement. Matched is not cash until the bank shows it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {q.data.currencies.length === 0 ? (
          <p className="text-sm text-muted-foreground">Every collected payment is bank-confirmed.</p>
        ) : null}
        {q.data.currencies.map((c) => (
          <div key={c.currency} className="overflow-x-auto rounded-lg border">
            <Table aria-label={`Not bank-confirmed, ${c.currency}`}>
              <TableHeader>
                <TableRow>
                  <TableHead>Age ({c.currency})</TableHead>
                  <TableHead numeric>Matched</TableHead>
                  <TableHead numeric>Settled</TableHead>
                  <TableHead numeric>Payments</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {c.buckets.map((b) => (
                  <TableRow key={b.bucket}>
                    <TableCell>{b.bucket}</TableCell>
                    <TableCell numeric>{money(b.matched, c.currency)}</TableCell>
                    <TableCell numeric>{money(b.settled, c.currency)}</TableCell>
                    <TableCell numeric>{b.payments}</TableCell>
                  </TableRow>
                ))}
                <TableRow className="font-medium">
                  <TableCell>Total not confirmed</TableCell>
                  <TableCell numeric colSpan={2}>
                    {money(c.notConfirmed, c.currency)}
                  </TableCell>
                  <TableCell numeric>
                    {q.data.bankConfirmed[c.currency] !== undefined
                      ? `${money(q.data.bankConfirmed[c.currency]!, c.currency)} confirmed`
                      : ""}
                  </TableCell>
                </TableRow>
              </TableBody>
            </Table>
          </div>
        ))}
      </CardContent>
    </Card>
  );
}
