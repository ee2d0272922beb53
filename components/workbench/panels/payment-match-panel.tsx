"use client";

import * as React from "react";
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money } from "@/components/portal/format";
import { ConfirmDialog } from "@/components/workbench/confirm-dialog";
import { RefundConfirm } from "@/components/workbench/refund-confirm";
import { useItemAction } from "@/components/workbench/use-item-action";
import { formatMinor, parseDecimalToMinor } from "@/server/domain/money";
import { SplitPreview, type PreviewData } from "./split-preview";
import type { WorkItemPanelProps } from "./types";

type Option = {
  placementId: string;
  invoiceNumber: string;
  openBalance: bigint;
  dueDate: string;
  label: string;
  rulePath?: string;
  score?: number;
};

/**
 * Unmatched and ambiguous payments: the cascade's candidates (rule path, score), a search over open
 * placements, the default FIFO split of the chosen placements (amounts editable), its money preview
 * (remittance, fee, net, credit per part) and the actions: apply/split, refund, not ours.
 */
export function PaymentMatchPanel({ item }: WorkItemPanelProps) {
  const { client, run, busy, error } = useItemAction();
  const isOpen = item.status === "open" || item.status === "in_progress";
  const [q, setQ] = React.useState("");
  const [data, setData] = React.useState<Awaited<ReturnType<typeof client.matching.options.query>> | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [chosen, setChosen] = React.useState<string[]>([]);
  const [amounts, setAmounts] = React.useState<Record<string, string>>({});
  const [preview, setPreview] = React.useState<PreviewData | null>(null);
  const [previewError, setPreviewError] = React.useState<string | null>(null);

  const load = React.useCallback(
    (search?: string) =>
      client.matching.options
        .query({ workItemId: item.id, q: search || undefined })
        .then(setData)
        .catch((e: Error) => setLoadError(e.message)),
    [client, item.id],
  );
  React.useEffect(() => void load(), [load]);

  const currency = data?.payment.currency ?? "USD";
  const options: Option[] = React.useMemo(() => {
    if (!data) return [];
    const fromCascade = data.candidates.map((c) => ({
      placementId: String(c.placementId),
      invoiceNumber: String(c.invoiceNumber),
      openBalance: BigInt(String(c.openBalance)),
      dueDate: String(c.dueDate),
      label: "candidate",
      rulePath: String(c.rulePath),
      score: Number(c.score),
    }));
    const seen = new Set(fromCascade.map((c) => c.placementId));
    const fromSearch = data.found
      .filter((f) => !seen.has(f.placementId))
      .map((f) => ({ ...f, label: `${f.debtorName} · ${f.creditorName}` }));
    return [...fromCascade, ...fromSearch];
  }, [data]);

  // The default split (FIFO) whenever the choice changes; edited amounts replace it.
  const refresh = React.useCallback(
    async (ids: string[], edited?: Record<string, string>) => {
      setPreviewError(null);
      if (!ids.length) return setPreview(null);
      try {
        const parts = edited
          ? ids.map((id) => ({ placementId: id, amount: parseDecimalToMinor(edited[id] ?? "0", currency) }))
          : undefined;
        const p = await client.matching.previewApply.query({ workItemId: item.id, placementIds: ids, parts });
        setPreview(p);
        if (!edited)
          setAmounts(Object.fromEntries(p.parts.map((x) => [x.placementId, formatMinor(x.amount, currency)])));
      } catch (e) {
        setPreviewError(e instanceof Error ? e.message : String(e));
      }
    },
    [client, item.id, currency],
  );

  function toggle(id: string, on: boolean) {
    const next = on ? [...chosen, id] : chosen.filter((x) => x !== id);
    setChosen(next);
    void refresh(next);
  }

  if (loadError)
    return (
      <Alert variant="destructive">
        <AlertDescription>{loadError}</AlertDescription>
      </Alert>
    );
  const payment = data?.payment;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Match the payment</CardTitle>
        <CardDescription>
          {payment
            ? `${payment.externalId} · ${money(payment.amount, payment.currency)} · received ${new Date(payment.receivedAt).toISOString().slice(0, 10)} · ${payment.status}`
            : "Loading the payment…"}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void load(q);
          }}
        >
          <Input
            aria-label="Search open placements by invoice number or debtor"
            placeholder="Invoice number or debtor name"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <Button type="submit" variant="outline">
            <Search aria-hidden /> Search
          </Button>
        </form>
        {options.length === 0 ? (
          <EmptyState
            size="sm"
            title="No candidates"
            description="The cascade found no placement; search by invoice number or debtor."
          />
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="w-10">Use</TableHead>
                  <TableHead>Invoice</TableHead>
                  <TableHead>Found by</TableHead>
                  <TableHead className="text-right">Open balance</TableHead>
                  <TableHead>Due</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {options.map((o) => (
                  <TableRow key={o.placementId}>
                    <TableCell>
                      <Checkbox
                        aria-label={`Apply to ${o.invoiceNumber}`}
                        checked={chosen.includes(o.placementId)}
                        disabled={!isOpen}
                        onCheckedChange={(v) => toggle(o.placementId, v === true)}
                      />
                    </TableCell>
                    <TableCell className="font-medium">{o.invoiceNumber}</TableCell>
                    <TableCell className="text-sm text-muted-foreground">
                      {o.rulePath ? `${o.rulePath} · score ${o.score}` : o.label}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{money(o.openBalance, currency)}</TableCell>
                    <TableCell>{o.dueDate}</TableCell>
                    <TableCell className="text-right">
                      {chosen.includes(o.placementId) ? (
                        <Input
                          numeric
                          aria-label={`Amount for ${o.invoiceNumber}`}
                          className="ml-auto w-28 text-right"
                          value={amounts[o.placementId] ?? ""}
                          onChange={(e) => setAmounts({ ...amounts, [o.placementId]: e.target.value })}
                          onBlur={() => void refresh(chosen, amounts)}
                        />
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {previewError ? (
          <Alert variant="destructive">
            <AlertDescription>{previewError}</AlertDescription>
          </Alert>
        ) : null}
        {preview ? <SplitPreview preview={preview} /> : null}
        <div className="flex flex-wrap gap-2">
          <ConfirmDialog
            trigger={
              <Button disabled={!isOpen || !preview || Boolean(previewError)}>
                {preview && preview.parts.length > 1
                  ? `Split across ${preview.parts.length} placements`
                  : "Apply payment"}
              </Button>
            }
            title="Apply the payment"
            description="These rows are written in one step; the item is then resolved."
            preview={preview ? <SplitPreview preview={preview} /> : null}
            confirmLabel="Apply"
            busy={busy}
            error={error}
            onConfirm={async () =>
              Boolean(
                await run((c) =>
                  c.matching.applyPayment.mutate({
                    workItemId: item.id,
                    expectedVersion: item.version,
                    parts: preview!.parts.map((p) => ({ placementId: p.placementId, amount: p.amount })),
                  }),
                ),
              )
            }
          />
          <RefundConfirm
            trigger={
              <Button variant="outline" disabled={!isOpen || payment?.source !== "stripe"}>
                Refund to debtor
              </Button>
            }
            title="Refund the payment through Stripe"
            description={
              payment
                ? `${money(payment.amount, payment.currency)} goes back to the debtor's card; nothing is booked to a placement.`
                : undefined
            }
            busy={busy}
            error={error}
            onConfirm={async (reason) =>
              Boolean(
                await run((c) =>
                  c.matching.refund.mutate({ workItemId: item.id, expectedVersion: item.version, reason }),
                ),
              )
            }
          />
          <ConfirmDialog
            trigger={
              <Button variant="ghost" disabled={!isOpen}>
                Not ours
              </Button>
            }
            title="Mark the payment as not ours"
            description="No money moves; the item is dismissed with your reason."
            confirmLabel="Mark not ours"
            reasonLabel="Reason"
            reasonRequired
            busy={busy}
            error={error}
            onConfirm={async (reason) =>
              Boolean(
                await run((c) =>
                  c.matching.notOurs.mutate({ workItemId: item.id, expectedVersion: item.version, reason }),
                ),
              )
            }
          />
        </div>
      </CardContent>
    </Card>
  );
}
