import type { Metadata } from "next";
import Link from "next/link";
import { FileText } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, money } from "@/components/portal/format";
import { periodLabel } from "@/server/domain/statement-period";
import { getServerCaller } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Statements" };
export const dynamic = "force-dynamic";

/** The creditor's monthly statements: one row per month, its latest version and closing balances. */
export default async function StatementsPage() {
  const months = await (await getServerCaller()).statements.list({});
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Statements"
        description="One statement per month, issued early on the 1st. Every figure ties to the agency's ledger; a closed month is never rewritten: late events appear on the next statement, and a correction is a new version with its reason."
      />
      {months.length ? (
        <Table containerClassName="rounded-lg border" aria-label="Statements by month">
          <TableHeader>
            <TableRow>
              <TableHead>Month</TableHead>
              <TableHead>Statement</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="hidden md:table-cell">Issued</TableHead>
              <TableHead className="text-right">Closing payable</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {months.map((m) => (
              <TableRow key={m.period}>
                <TableCell>
                  <Link className="font-medium underline-offset-4 hover:underline" href={`/statements/${m.latest.id}`}>
                    {periodLabel(m.period)}
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-xs">{m.latest.number}</TableCell>
                <TableCell>
                  <Badge variant={m.latest.version > 1 ? "warning" : "success"}>
                    {m.latest.version > 1 ? `Re-issued · v${m.latest.version}` : "Issued · v1"}
                  </Badge>
                </TableCell>
                <TableCell className="hidden md:table-cell">{dateTime(m.latest.issuedAt)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {m.latest.sections.length
                    ? m.latest.sections.map((s) => <div key={s.currency}>{money(s.figures.closing, s.currency)}</div>)
                    : "—"}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <EmptyState
          icon={<FileText />}
          title="No statements yet"
          description="Your first statement is issued on the 1st of next month, for the month that just ended."
        />
      )}
    </div>
  );
}
