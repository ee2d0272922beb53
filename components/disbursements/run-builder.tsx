"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { humanize, money } from "@/components/portal/format";
import { RowsTable } from "./rows-table";

const today = () => new Date().toISOString().slice(0, 10);
/** The cut-off day includes that whole day (UTC): rows booked before the next midnight. */
const cutoffOf = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);

/**
 * Build a disbursement run: pick creditors (or all with money due) and a cut-off, preview every
 * creditor's amount and the rows it pays, then propose. Another finance person approves it.
 */
export function RunBuilder() {
  const trpc = useTRPC();
  const router = useRouter();
  const payables = useQuery(trpc.disbursements.payables.queryOptions({}));
  const [chosen, setChosen] = React.useState<Set<string>>(new Set());
  const [day, setDay] = React.useState(today);
  const [asked, setAsked] = React.useState<{ creditorIds?: string[]; cutoff: Date } | null>(null);
  const preview = useQuery({
    ...trpc.disbursements.previewRun.queryOptions(asked ?? { cutoff: new Date() }),
    enabled: Boolean(asked),
  });
  const propose = useMutation(
    trpc.disbursements.proposeRun.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Run proposed: ${r.disbursements} disbursement${r.disbursements === 1 ? "" : "s"}`, {
          description: "A second finance person must approve it before any money moves.",
        });
        router.push(`/backoffice/disbursements/runs/${r.runId}`);
      },
      onError: (err) => toast.error("Not proposed", { description: err.message }),
    }),
  );
  const creditors = [...new Map((payables.data ?? []).map((p) => [p.creditorId, p])).values()];
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const pay = preview.data?.lines.filter((l) => l.plan.outcome === "pay") ?? [];
  const carried = preview.data?.lines.filter((l) => l.plan.outcome === "carry_forward") ?? [];
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Who and up to when</CardTitle>
          <CardDescription>Leave every creditor unticked to pay all with money due.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {payables.isPending ? (
            <Skeleton className="h-20" />
          ) : (
            <fieldset className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Creditors">
              {creditors.map((c) => (
                <label key={c.creditorId} className="flex items-center gap-2 text-sm">
                  <Checkbox
                    checked={chosen.has(c.creditorId)}
                    onCheckedChange={() => toggle(c.creditorId)}
                    aria-label={c.creditorName}
                  />
                  {c.creditorName}
                </label>
              ))}
            </fieldset>
          )}
          <div className="flex flex-wrap items-end gap-3">
            <FormField label="Cut-off day (rows booked up to the end of it)">
              <Input type="date" value={day} max={today()} onChange={(e) => setDay(e.target.value)} className="w-44" />
            </FormField>
            <Button
              variant="outline"
              onClick={() => setAsked({ creditorIds: chosen.size ? [...chosen] : undefined, cutoff: cutoffOf(day) })}
            >
              Preview
            </Button>
          </div>
        </CardContent>
      </Card>
      {asked && preview.isPending ? <Skeleton className="h-40" /> : null}
      {preview.error ? (
        <Alert variant="destructive">
          <AlertTitle>Preview failed</AlertTitle>
          <AlertDescription>{preview.error.message}</AlertDescription>
        </Alert>
      ) : null}
      {preview.data ? (
        <section className="grid gap-4" aria-label="Preview">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm">
              {pay.length} to pay:{" "}
              {Object.entries(preview.data.totals).map(([cur, v]) => (
                <Badge key={cur} variant="outline" className="mr-1">
                  {money(v, cur)}
                </Badge>
              ))}
              {carried.length ? `${carried.length} carried forward.` : null}
            </p>
            <Button
              disabled={!pay.length || propose.isPending}
              onClick={() => asked && propose.mutate({ ...asked, fingerprint: preview.data.fingerprint })}
            >
              Propose this run
            </Button>
          </div>
          {preview.data.lines.map((l) => (
            <Card key={`${l.creditorId}-${l.currency}`} data-testid="run-line">
              <CardHeader>
                <CardTitle className="flex flex-wrap items-center gap-2">
                  {l.creditorName} · {l.currency}
                  <Badge variant={l.plan.outcome === "pay" ? "success" : "warning"}>
                    {l.plan.outcome === "pay"
                      ? `pays ${money(l.plan.amount, l.currency)}`
                      : `carried forward (${humanize(l.plan.reason)})`}
                  </Badge>
                  <Badge variant="outline">{l.method === "stripe_transfer" ? "Stripe transfer" : "ACH / wire"}</Badge>
                </CardTitle>
                <CardDescription>
                  Rows {money(l.plan.rowsAmount, l.currency)} + returned {money(l.plan.adjustment, l.currency)} − fees
                  owed {money(l.plan.outcome === "pay" ? l.plan.feesNetted : l.plan.feesOwed, l.currency)}
                </CardDescription>
              </CardHeader>
              <CardContent>
                <RowsTable rows={l.rows} currency={l.currency} placementHref={(id) => `/backoffice/placements/${id}`} />
              </CardContent>
            </Card>
          ))}
        </section>
      ) : null}
    </div>
  );
}
