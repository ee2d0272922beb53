"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { dateTime, day, humanize, money } from "@/components/portal/format";
import { StatusBadge } from "@/components/portal/status-badge";
import { RowsTable } from "./rows-table";

/** One disbursement: amounts, rows, status history, bank confirmation, QuickBooks entry, and the manual actions. */
export function DisbursementView({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.disbursements.byId.queryOptions({ id }));
  const [reference, setReference] = React.useState("");
  const [method, setMethod] = React.useState<"ach" | "wire">("ach");
  const [reason, setReason] = React.useState("");
  const refresh = (title: string) => () => {
    toast.success(title);
    void qc.invalidateQueries({ queryKey: trpc.disbursements.pathKey() });
  };
  const fail = (err: { message: string }) => toast.error("Refused", { description: err.message });
  const record = useMutation(
    trpc.disbursements.recordManual.mutationOptions({ onSuccess: refresh("Payment recorded"), onError: fail }),
  );
  const markFailed = useMutation(
    trpc.disbursements.markFailed.mutationOptions({
      onSuccess: refresh("Marked failed: rows are payable again"),
      onError: fail,
    }),
  );
  if (q.isPending) return <Skeleton className="h-64" />;
  if (q.error) return <ErrorState title="Disbursement could not be loaded" description={q.error.message} />;
  const { disbursement: d, rows, history, bankMatch, journalEntry } = q.data;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center gap-2">
            {money(d.amount, d.currency)} to {d.creditorName} <StatusBadge status={d.status} />
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <p>
            Rows {money(d.rowsAmount, d.currency)} + returned {money(d.adjustmentAmount, d.currency)} − fees owed netted{" "}
            {money(d.feesNetted, d.currency)} = <span className="font-medium">{money(d.amount, d.currency)}</span>
          </p>
          <p>
            {d.method ? humanize(d.method) : "Method decided at payment"}
            {d.stripeTransferId ? ` · transfer ${d.stripeTransferId}` : ""}
            {d.achReference ? ` · bank reference ${d.achReference}` : ""}
          </p>
          {d.failureReason ? <p className="text-destructive">Failed: {d.failureReason}</p> : null}
          <p>
            Bank:{" "}
            {bankMatch
              ? `confirmed by the statement line of ${day(bankMatch.bookingDate)} (${money(bankMatch.amount, d.currency)}, rule ${humanize(bankMatch.rule)})`
              : "not yet seen on a bank statement"}
          </p>
          <p>
            QuickBooks:{" "}
            {journalEntry
              ? `journal entry ${journalEntry.status}${journalEntry.qboJournalEntryId ? ` (#${journalEntry.qboJournalEntryId})` : ""}${journalEntry.lastError ? ` — ${journalEntry.lastError}` : ""}`
              : "no journal entry (needs a connection and an account mapping)"}
          </p>
          {d.status === "approved" && d.method !== "stripe_transfer" ? (
            <div className="flex flex-wrap items-center gap-2 pt-2">
              <select
                aria-label="Method"
                className="h-9 rounded-md border bg-background px-2"
                value={method}
                onChange={(e) => setMethod(e.target.value as "ach" | "wire")}
              >
                <option value="ach">ACH</option>
                <option value="wire">Wire</option>
              </select>
              <Input
                aria-label="Bank reference"
                placeholder="Bank reference"
                value={reference}
                onChange={(e) => setReference(e.target.value)}
                className="w-64"
              />
              <Button
                disabled={reference.trim().length < 3 || record.isPending}
                onClick={() => record.mutate({ disbursementId: d.id, method, reference })}
              >
                Record payment
              </Button>
            </div>
          ) : null}
          {["approved", "sent", "paid"].includes(d.status) ? (
            <div className="flex flex-wrap items-center gap-2 pt-2">
              <Input
                aria-label="Why it failed"
                placeholder="Why it failed (e.g. wire returned)"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                className="w-72"
              />
              <Button
                variant="outline"
                disabled={reason.trim().length < 3 || markFailed.isPending}
                onClick={() => markFailed.mutate({ disbursementId: d.id, reason })}
              >
                Mark failed
              </Button>
            </div>
          ) : null}
        </CardContent>
      </Card>
      <RowsTable rows={rows} currency={d.currency} placementHref={(pid) => `/backoffice/placements/${pid}`} />
      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-1 text-sm" aria-label="Status history">
            {history.map((h) => (
              <li key={h.id}>
                <span className="tabular text-muted-foreground">{dateTime(h.at)}</span>{" "}
                {humanize(h.action.replace(/^disbursement\./, ""))} by{" "}
                <span className="font-mono text-xs">{h.actorId}</span>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
