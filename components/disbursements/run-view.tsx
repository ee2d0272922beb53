"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { dateTime, humanize, money } from "@/components/portal/format";
import { StatusBadge } from "@/components/portal/status-badge";

/** A run: who proposed it, who decided, its disbursements; approve (not by the proposer) or reject. */
export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.disbursements.run.queryOptions({ id }));
  const [reason, setReason] = React.useState("");
  const done = (title: string) => () => {
    toast.success(title);
    void qc.invalidateQueries({ queryKey: trpc.disbursements.pathKey() });
  };
  const fail = (err: { message: string }) => toast.error("Refused", { description: err.message });
  const approve = useMutation(
    trpc.disbursements.approveRun.mutationOptions({ onSuccess: done("Run approved: money moves now"), onError: fail }),
  );
  const reject = useMutation(
    trpc.disbursements.rejectRun.mutationOptions({ onSuccess: done("Run rejected"), onError: fail }),
  );
  if (q.isPending) return <Skeleton className="h-64" />;
  if (q.error) return <ErrorState title="Run could not be loaded" description={q.error.message} />;
  const { run, decisions, disbursements } = q.data;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            Run <StatusBadge status={run.status} />
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3 text-sm">
          <p>Pays rows booked before {dateTime(run.cutoff)}.</p>
          <ul className="grid gap-1" aria-label="Decisions">
            {decisions.map((d) => (
              <li key={d.id}>
                {humanize(d.decision)} by <span className="font-mono text-xs">{d.actorId}</span> on{" "}
                {dateTime(d.createdAt)}
                {d.reason ? ` — ${d.reason}` : ""}
              </li>
            ))}
          </ul>
          {run.status === "proposed" ? (
            <div className="flex flex-wrap items-center gap-2">
              <Button onClick={() => approve.mutate({ runId: run.id })} disabled={approve.isPending}>
                Approve run
              </Button>
              <Input
                aria-label="Reason to reject"
                placeholder="Reason to reject"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                className="w-64"
              />
              <Button
                variant="outline"
                disabled={reason.trim().length < 3 || reject.isPending}
                onClick={() => reject.mutate({ runId: run.id, reason })}
              >
                Reject
              </Button>
              <p className="w-full text-xs text-muted-foreground">
                Four-eyes: the person who proposed a run can never approve it.
              </p>
            </div>
          ) : null}
        </CardContent>
      </Card>
      <div className="overflow-x-auto rounded-lg border bg-card">
        <Table aria-label="Disbursements of this run">
          <TableHeader>
            <TableRow>
              <TableHead>Creditor</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Method</TableHead>
              <TableHead numeric>Amount</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {disbursements.map((d) => (
              <TableRow key={d.id}>
                <TableCell>
                  <Link className="font-medium hover:underline" href={`/backoffice/disbursements/${d.id}`}>
                    {d.creditorName}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusBadge status={d.status} />
                </TableCell>
                <TableCell>{d.method ? humanize(d.method) : "—"}</TableCell>
                <TableCell numeric>{money(d.amount, d.currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
