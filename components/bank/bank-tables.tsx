"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Landmark } from "lucide-react";
import { useTRPC } from "@/server/trpc/react";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, day, humanize, money } from "@/components/portal/format";

/** Bank accounts, recent imports and statement lines with what each was matched to. */
export function BankTables() {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.bank.accounts.queryOptions());
  const imports = useQuery(trpc.bank.imports.queryOptions());
  const lines = useQuery(trpc.bank.lines.queryOptions({}));
  if (accounts.isPending || imports.isPending || lines.isPending) return <Skeleton className="h-64" />;
  return (
    <div className="grid gap-8">
      <section className="grid gap-2">
        <h2 className="text-sm font-semibold">Accounts</h2>
        {accounts.data?.length ? (
          <ul className="grid gap-1 text-sm">
            {accounts.data.map((a) => (
              <li key={a.id}>
                <span className="font-medium">{a.name}</span> ·{" "}
                <span className="font-mono text-xs">{a.identifier}</span> · {a.currency}
                {a.csvMapping ? " · CSV mapping saved" : ""}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            size="sm"
            icon={<Landmark />}
            title="No bank accounts yet"
            description="Add the agency's accounts before importing."
          />
        )}
      </section>
      <section className="grid gap-2">
        <h2 className="text-sm font-semibold">Imports</h2>
        <div className="overflow-x-auto rounded-lg border bg-card">
          <Table aria-label="Imports">
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>File</TableHead>
                <TableHead>Format</TableHead>
                <TableHead numeric>Lines</TableHead>
                <TableHead numeric>New</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(imports.data ?? []).map((i) => (
                <TableRow key={i.id}>
                  <TableCell>{dateTime(i.createdAt)}</TableCell>
                  <TableCell>{i.fileName}</TableCell>
                  <TableCell>{i.format.toUpperCase()}</TableCell>
                  <TableCell numeric>{i.linesInFile}</TableCell>
                  <TableCell numeric>{i.linesNew}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>
      <section className="grid gap-2">
        <h2 className="text-sm font-semibold">Statement lines</h2>
        <div className="overflow-x-auto rounded-lg border bg-card">
          <Table aria-label="Statement lines">
            <TableHeader>
              <TableRow>
                <TableHead>Booked</TableHead>
                <TableHead>Account</TableHead>
                <TableHead>Text</TableHead>
                <TableHead numeric>Amount</TableHead>
                <TableHead>Matched to</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(lines.data ?? []).map((l) => (
                <TableRow key={l.id}>
                  <TableCell className="whitespace-nowrap">{day(l.bookingDate)}</TableCell>
                  <TableCell>{l.account}</TableCell>
                  <TableCell className="max-w-md truncate" title={`${l.reference} ${l.description}`}>
                    {l.description || l.reference}
                  </TableCell>
                  <TableCell numeric className={l.amount < 0n ? "text-destructive" : undefined}>
                    {money(l.amount, l.currency)}
                  </TableCell>
                  <TableCell>
                    {l.matchedTo === "disbursement" ? (
                      <Link className="hover:underline" href={`/backoffice/disbursements/${l.subjectId}`}>
                        Disbursement ({humanize(l.rule ?? "")})
                      </Link>
                    ) : l.matchedTo === "payout" ? (
                      <span>
                        Payout <span className="font-mono text-xs">{l.subjectId}</span> ({humanize(l.rule ?? "")})
                      </span>
                    ) : (
                      <span className="text-muted-foreground">Unmatched</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>
    </div>
  );
}
