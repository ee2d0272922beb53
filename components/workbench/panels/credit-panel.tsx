"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money } from "@/components/portal/format";
import { ConfirmDialog } from "@/components/workbench/confirm-dialog";
import { RefundConfirm } from "@/components/workbench/refund-confirm";
import { useItemAction } from "@/components/workbench/use-item-action";
import type { WorkItemPanelProps } from "./types";

/**
 * An overpayment's customer credit: apply it to another open placement of the same debtor
 * (REALLOCATION; the preview shows the remittance, fee, net and any credit left), refund it to the
 * debtor through Stripe, or keep it on the debtor's account.
 */
export function CreditPanel({ item }: WorkItemPanelProps) {
  const { client, run, busy, error } = useItemAction();
  const isOpen = item.status === "open" || item.status === "in_progress";
  const [data, setData] = React.useState<Awaited<ReturnType<typeof client.matching.creditPreview.query>> | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  React.useEffect(() => {
    client.matching.creditPreview
      .query({ workItemId: item.id })
      .then(setData)
      .catch((e: Error) => setLoadError(e.message));
  }, [client, item.id]);
  if (loadError)
    return (
      <Alert variant="destructive">
        <AlertDescription>{loadError}</AlertDescription>
      </Alert>
    );
  if (!data) return <p className="text-sm text-muted-foreground">Loading the credit…</p>;
  const c = data.credit.currency;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Customer credit of {money(data.credit.amount, c)}</CardTitle>
        <CardDescription>
          From payment {data.payment.externalId} ({new Date(data.payment.receivedAt).toISOString().slice(0, 10)});
          credit is {data.credit.status}. Fees use the rate in force on the payment date (
          {(data.rateBps / 100).toFixed(2)}%).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {data.targets.length === 0 ? (
          <EmptyState
            size="sm"
            title="No other open placement"
            description="The debtor has no other open placement in this currency: refund or keep the credit."
          />
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Invoice</TableHead>
                  <TableHead>Due</TableHead>
                  <TableHead className="text-right">Open balance</TableHead>
                  <TableHead className="text-right">Remittance</TableHead>
                  <TableHead className="text-right">Fee</TableHead>
                  <TableHead className="text-right">Net</TableHead>
                  <TableHead className="text-right">Credit left</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.targets.map((t) => (
                  <TableRow key={t.placementId}>
                    <TableCell className="font-medium">{t.invoiceNumber}</TableCell>
                    <TableCell>{t.dueDate}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(t.openBalance, c)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(t.applied, c)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(t.fee, c)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(t.net, c)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(t.creditLeft, c)}</TableCell>
                    <TableCell className="text-right">
                      <ConfirmDialog
                        trigger={
                          <Button size="sm" disabled={!isOpen}>
                            Apply here
                          </Button>
                        }
                        title={`Apply the credit to ${t.invoiceNumber}`}
                        description={`A REALLOCATION document and a remittance of ${money(t.applied, c)} (fee ${money(t.fee, c)}, net ${money(t.net, c)}); ${money(t.creditLeft, c)} stays as credit.`}
                        confirmLabel="Apply credit"
                        busy={busy}
                        error={error}
                        onConfirm={async () =>
                          Boolean(
                            await run((x) =>
                              x.matching.applyCredit.mutate({
                                workItemId: item.id,
                                expectedVersion: item.version,
                                placementId: t.placementId,
                              }),
                            ),
                          )
                        }
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <div className="flex flex-wrap gap-2">
          <RefundConfirm
            trigger={
              <Button variant="outline" disabled={!isOpen || !data.canRefund}>
                Refund to debtor
              </Button>
            }
            title="Refund the credit through Stripe"
            description={`${money(data.credit.amount, c)} leaves customer credit and goes back to the debtor's card (one balanced entry; the refund is sent once).`}
            busy={busy}
            error={error}
            onConfirm={async (reason) =>
              Boolean(
                await run((x) =>
                  x.matching.refundCredit.mutate({ workItemId: item.id, expectedVersion: item.version, reason }),
                ),
              )
            }
          />
          <ConfirmDialog
            trigger={
              <Button variant="ghost" disabled={!isOpen}>
                Keep as credit
              </Button>
            }
            title="Keep the credit on the debtor's account"
            description="No money moves; the credit stays open and the item is resolved with your note."
            confirmLabel="Keep"
            reasonLabel="Note"
            reasonRequired
            busy={busy}
            error={error}
            onConfirm={async (note) =>
              Boolean(
                await run((x) =>
                  x.matching.keepCredit.mutate({ workItemId: item.id, expectedVersion: item.version, note }),
                ),
              )
            }
          />
        </div>
      </CardContent>
    </Card>
  );
}
