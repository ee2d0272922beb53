"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, day, humanize, money } from "@/components/portal/format";
import { StatusBadge } from "@/components/portal/status-badge";

/** Runs (with their four-eyes state) and every disbursement, newest first. */
export function DisbursementsList() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.disbursements.runs.queryOptions());
  const list = useQuery(trpc.disbursements.list.queryOptions({}));
  if (runs.isPending || list.isPending) return <Skeleton className="h-64" />;
  if (runs.error || list.error)
    return <ErrorState title="Disbursements could not be loaded" description={(runs.error ?? list.error)?.message} />;
  return (
    <div className="grid gap-8">
      <section className="grid gap-2" aria-label="Runs">
        <h2 className="text-sm font-semibold">Runs</h2>
        {runs.data.length ? (
          <div className="overflow-x-auto rounded-lg border bg-card">
            <Table aria-label="Disbursement runs">
              <TableHeader>
                <TableRow>
                  <TableHead>Proposed</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Cut-off</TableHead>
                  <TableHead>Proposed by</TableHead>
                  <TableHead>Decided by</TableHead>
                  <TableHead numeric>Disbursements</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {runs.data.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <Link className="font-medium hover:underline" href={`/backoffice/disbursements/runs/${r.id}`}>
                        {dateTime(r.proposedAt)}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={r.status} />
                    </TableCell>
                    <TableCell>{dateTime(r.cutoff)}</TableCell>
                    <TableCell className="font-mono text-xs">{r.proposedBy}</TableCell>
                    <TableCell className="font-mono text-xs">{r.decidedBy ?? "—"}</TableCell>
                    <TableCell numeric>{r.disbursements}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : (
          <EmptyState size="sm" icon={<Send />} title="No runs yet" description="Start one from Payables." />
        )}
      </section>
      <section className="grid gap-2" aria-label="Disbursements">
        <h2 className="text-sm font-semibold">Disbursements</h2>
        {list.data.length ? (
          <div className="overflow-x-auto rounded-lg border bg-card">
            <Table aria-label="Disbursements">
              <TableHeader>
                <TableRow>
                  <TableHead>Created</TableHead>
                  <TableHead>Creditor</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Method</TableHead>
                  <TableHead>Reference</TableHead>
                  <TableHead numeric>Amount</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.data.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <Link className="font-medium hover:underline" href={`/backoffice/disbursements/${d.id}`}>
                        {day(d.createdAt)}
                      </Link>
                    </TableCell>
                    <TableCell>{d.creditorName}</TableCell>
                    <TableCell>
                      <StatusBadge status={d.status} />
                    </TableCell>
                    <TableCell>{d.method ? humanize(d.method) : "—"}</TableCell>
                    <TableCell className="font-mono text-xs">{d.stripeTransferId ?? d.achReference ?? "—"}</TableCell>
                    <TableCell numeric>{money(d.amount, d.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : (
          <EmptyState size="sm" icon={<Send />} title="No disbursements yet" />
        )}
      </section>
    </div>
  );
}
