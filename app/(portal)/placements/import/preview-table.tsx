"use client";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMoney, isCurrencyCode } from "@/server/domain/money";
import type { CsvPreviewRow } from "@/server/services/placements/intake-csv";

/** The rows as they will be placed, each with "Ready" or its problems. Cell text is shown, never interpreted. */
export function PreviewTable({ rows, totalRows }: { rows: CsvPreviewRow[]; totalRows: number }) {
  return (
    <Table containerClassName="rounded-lg border">
      <TableCaption>
        {rows.length < totalRows
          ? `Showing the first rows and every row with a problem: ${rows.length} of ${totalRows}.`
          : `All ${totalRows} rows.`}
      </TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead numeric>Line</TableHead>
          <TableHead>Invoice</TableHead>
          <TableHead numeric>Amount</TableHead>
          <TableHead>Due</TableHead>
          <TableHead>Debtor</TableHead>
          <TableHead>QuickBooks</TableHead>
          <TableHead>Check</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => {
          const currency = r.cells.currency.toUpperCase();
          const bad = r.problems.length > 0;
          return (
            <TableRow
              key={r.line}
              data-state={bad ? "error" : undefined}
              className={bad ? "bg-destructive/5" : undefined}
            >
              <TableCell numeric className="text-muted-foreground">
                {r.line}
              </TableCell>
              <TableCell className="font-mono text-[13px]">{r.cells.invoice_number || "—"}</TableCell>
              <TableCell numeric>
                {r.invoiceAmountMinor !== null && isCurrencyCode(currency)
                  ? formatMoney(r.invoiceAmountMinor, currency)
                  : `${r.cells.invoice_amount} ${r.cells.currency}`.trim() || "—"}
              </TableCell>
              <TableCell>{r.cells.due_date || "—"}</TableCell>
              <TableCell>
                <div>{r.cells.debtor_name || "—"}</div>
                {r.cells.debtor_email ? (
                  <div className="text-xs text-muted-foreground">{r.cells.debtor_email}</div>
                ) : null}
              </TableCell>
              <TableCell className="text-muted-foreground">{r.cells.qbo_invoice_id || "—"}</TableCell>
              <TableCell>
                {bad ? (
                  <ul className="grid gap-0.5 text-[13px] text-destructive">
                    {r.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                ) : (
                  <Badge variant="success">Ready</Badge>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
