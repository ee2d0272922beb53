"use client";

import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { humanize, money, rate } from "@/components/portal/format";
import { useTRPC } from "@/server/trpc/react";
import { ConfirmDialog } from "../confirm-dialog";
import { MoneyPreview } from "../money-preview";
import { useItemAction } from "../use-item-action";
import { EvidenceFacts } from "./evidence-facts";
import type { WorkItemPanelProps } from "./types";

/** A payment found in the creditor's QuickBooks: confirm it as a direct payment (our fee owed by the creditor) or dismiss it. */
export function DirectPaymentPanel({ item, evidence }: WorkItemPanelProps) {
  const trpc = useTRPC();
  const isOpen = item.status === "open" || item.status === "in_progress";
  const preview = useQuery({
    ...trpc.workbench.previewDirectPayment.queryOptions({ workItemId: item.id }),
    enabled: isOpen,
  });
  const { run, busy, error } = useItemAction();
  const p = preview.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Payment found in QuickBooks</CardTitle>
        <CardDescription>
          Confirm with the creditor that the debtor paid them directly. Confirming records a DIRECT_PAYMENT, takes it
          off the placement’s balance and books our fee on it as owed by the creditor (netted in their next
          disbursement). If it is not a payment on this invoice, dismiss it with a reason.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {isOpen ? (
          <ConfirmDialog
            trigger={<Button size="sm">Confirm direct payment</Button>}
            title="Record the direct payment"
            preview={
              <MoneyPreview
                loading={preview.isLoading}
                error={preview.error?.message ?? null}
                currency={p?.currency ?? "USD"}
                lines={
                  p
                    ? [
                        { label: `DIRECT_PAYMENT (${p.paidOn})`, amount: p.amount, emphasis: true },
                        { label: `Agency fee owed by the creditor (${rate(p.rateBps)})`, amount: p.fee },
                        { label: "Outstanding now", amount: p.outstandingBefore },
                        { label: "Outstanding after", amount: p.outstandingAfter, emphasis: true },
                        { label: "Placement status after", text: humanize(p.statusAfter) },
                      ]
                    : []
                }
              />
            }
            reasonLabel="Note (optional): who confirmed it at the creditor"
            confirmLabel="Record it"
            busy={busy}
            error={error}
            onConfirm={async (note) =>
              (await run((c) =>
                c.workbench.confirmDirectPayment.mutate({
                  workItemId: item.id,
                  expectedVersion: item.version,
                  note: note || undefined,
                }),
              )) !== undefined
            }
          />
        ) : item.resolution?.action === "direct_payment_recorded" ? (
          <p className="text-sm">
            Recorded: {money(BigInt(String(item.resolution.amount)), String(evidence.currency ?? "USD"))}, fee owed{" "}
            {money(BigInt(String(item.resolution.fee)), String(evidence.currency ?? "USD"))}.
          </p>
        ) : null}
        <EvidenceFacts evidence={evidence} />
      </CardContent>
    </Card>
  );
}
