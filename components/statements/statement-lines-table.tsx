import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { day, money, rate } from "@/components/portal/format";
import type { StatementLine } from "@/server/domain/statement-lines";

/** A statement's lines as the PDF lists them (date, kind, invoice, debtor, reference, amounts, QuickBooks state). */
export function StatementLinesTable({ lines }: { lines: StatementLine[] }) {
  if (!lines.length)
    return <p className="text-sm text-muted-foreground">No lines: nothing was booked in this period.</p>;
  return (
    <Table containerClassName="rounded-lg border" aria-label="Statement lines">
      <TableHeader>
        <TableRow>
          <TableHead>Date</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Invoice</TableHead>
          <TableHead className="hidden md:table-cell">Debtor</TableHead>
          <TableHead className="hidden lg:table-cell">Reference</TableHead>
          <TableHead className="text-right">Recovered</TableHead>
          <TableHead className="hidden sm:table-cell text-right">Rate</TableHead>
          <TableHead className="text-right">Fee</TableHead>
          <TableHead className="text-right">Net</TableHead>
          <TableHead className="hidden lg:table-cell">QuickBooks</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {lines.map((l) => (
          <TableRow key={l.seq}>
            <TableCell className="whitespace-nowrap">{day(l.occurredAt)}</TableCell>
            <TableCell>
              {l.label}
              {l.originalPeriod ? (
                <span className="block text-xs text-muted-foreground">
                  Prior-period adjustment ({l.originalPeriod})
                </span>
              ) : null}
            </TableCell>
            <TableCell>{l.invoiceNumber ?? "—"}</TableCell>
            <TableCell className="hidden md:table-cell">{l.debtorName ?? "—"}</TableCell>
            <TableCell className="hidden lg:table-cell font-mono text-xs">{l.reference ?? "—"}</TableCell>
            <TableCell className="text-right tabular-nums">{money(l.recovered, l.currency)}</TableCell>
            <TableCell className="hidden sm:table-cell text-right tabular-nums">
              {l.rateBps === null ? "—" : rate(l.rateBps)}
            </TableCell>
            <TableCell className="text-right tabular-nums">{money(l.fee, l.currency)}</TableCell>
            <TableCell className="text-right tabular-nums">{money(l.net, l.currency)}</TableCell>
            <TableCell className="hidden lg:table-cell">{l.qboState ?? "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
