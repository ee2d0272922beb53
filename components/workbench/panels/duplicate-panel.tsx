"use client";

import * as React from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money } from "@/components/portal/format";
import { RefundConfirm } from "@/components/workbench/refund-confirm";
import { useItemAction } from "@/components/workbench/use-item-action";
import type { WorkItemPanelProps } from "./types";

type Payment = { paymentAttemptId: string; externalId: string; receivedAt: string; invoiceNumber: string };

/**
 * A possible duplicate: the two payments side by side. Nothing is refunded automatically: a person
 * checks with the debtor, then refunds one payment through Stripe (its preview shows what Stripe's
 * refund will reverse: the remittance, the agency's fee and the creditor's net) or dismisses the
 * item as not a duplicate (the lifecycle bar above).
 */
export function DuplicatePanel({ item, evidence }: WorkItemPanelProps) {
  const { client, run, busy, error } = useItemAction();
  const isOpen = item.status === "open" || item.status === "in_progress";
  const payments = (evidence.payments ?? []) as Payment[];
  const currency = String(evidence.currency ?? "USD");
  const amount = BigInt(String(evidence.amount ?? "0"));
  const [preview, setPreview] = React.useState<Awaited<
    ReturnType<typeof client.matching.duplicatePreview.query>
  > | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  React.useEffect(() => {
    client.matching.duplicatePreview
      .query({ workItemId: item.id })
      .then(setPreview)
      .catch((e: Error) => setLoadError(e.message));
  }, [client, item.id]);

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          Two payments of {money(amount, currency)} by {String(evidence.debtorName ?? "the debtor")}
        </CardTitle>
        <CardDescription>
          Within {String(evidence.windowHours ?? "")} hours of each other, with different payment ids. {item.nextAction}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 overflow-x-auto">
        {loadError ? (
          <Alert variant="destructive">
            <AlertDescription>Could not load what a refund would reverse: {loadError}</AlertDescription>
          </Alert>
        ) : null}
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Payment</TableHead>
              <TableHead>Received</TableHead>
              <TableHead>Invoice</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead className="text-right">Action</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {payments.map((p) => {
              const x = preview?.find((r) => r.paymentAttemptId === p.paymentAttemptId);
              return (
                <TableRow key={p.paymentAttemptId}>
                  <TableCell className="font-mono text-xs">{p.externalId}</TableCell>
                  <TableCell>{new Date(p.receivedAt).toISOString().replace("T", " ").slice(0, 16)} UTC</TableCell>
                  <TableCell>{p.invoiceNumber}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(amount, currency)}</TableCell>
                  <TableCell className="text-right">
                    <RefundConfirm
                      trigger={
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={!isOpen || !x || x.blocked !== null}
                          title={x?.blocked ?? undefined}
                          aria-label={`Refund ${p.externalId}`}
                        >
                          Refund
                        </Button>
                      }
                      title={`Refund ${p.externalId} through Stripe`}
                      description={`${money(amount, currency)} goes back to the debtor's card. When Stripe confirms the refund, these rows are reversed; the item closes now.`}
                      preview={x ? <RefundEffect booked={x.booked} currency={x.currency} /> : null}
                      busy={busy}
                      error={error}
                      onConfirm={async (reason) =>
                        Boolean(
                          await run((c) =>
                            c.matching.refundDuplicate.mutate({
                              workItemId: item.id,
                              expectedVersion: item.version,
                              paymentAttemptId: p.paymentAttemptId,
                              reason,
                            }),
                          ),
                        )
                      }
                    />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {preview?.some((x) => x.blocked) ? (
          <p className="text-muted-foreground text-sm">
            {preview
              .filter((x) => x.blocked)
              .map((x) => `${x.externalId}: ${x.blocked}.`)
              .join(" ")}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** The booked rows a refund reverses once Stripe confirms it: recovered, the agency's fee, the creditor's net. */
function RefundEffect({
  booked,
  currency,
}: {
  booked: Array<{ invoiceNumber: string; recovered: bigint; fee: bigint; net: bigint }>;
  currency: string;
}) {
  if (!booked.length) return <p className="text-sm">Nothing of it is booked to a placement.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Invoice</TableHead>
          <TableHead className="text-right">Recovered</TableHead>
          <TableHead className="text-right">Agency fee</TableHead>
          <TableHead className="text-right">Net to creditor</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {booked.map((b, i) => (
          <TableRow key={i}>
            <TableCell>{b.invoiceNumber}</TableCell>
            <TableCell className="text-right tabular-nums">−{money(b.recovered, currency)}</TableCell>
            <TableCell className="text-right tabular-nums">−{money(b.fee, currency)}</TableCell>
            <TableCell className="text-right tabular-nums">−{money(b.net, currency)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
