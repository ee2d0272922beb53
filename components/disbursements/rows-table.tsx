import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { day, money } from "@/components/portal/format";
import { StatusBadge } from "@/components/portal/status-badge";

export type MoneyRow = {
  remittanceId?: string;
  id?: string;
  placementId: string;
  invoiceNumber: string;
  status: string;
  occurredAt: Date;
  recovered: bigint;
  fee: bigint;
  net: bigint;
  releasedAt?: Date | null;
};

/** The remittance rows a disbursement pays (clawbacks negative), with their totals. */
export function RowsTable({
  rows,
  currency,
  placementHref,
  label = "Remittance rows",
}: {
  rows: MoneyRow[];
  currency: string;
  placementHref: (id: string) => string;
  label?: string;
}) {
  const total = (k: "recovered" | "fee" | "net") => rows.filter((r) => !r.releasedAt).reduce((a, r) => a + r[k], 0n);
  return (
    <div className="overflow-x-auto rounded-lg border bg-card">
      <Table aria-label={label}>
        <TableHeader>
          <TableRow>
            <TableHead>Booked</TableHead>
            <TableHead>Invoice</TableHead>
            <TableHead>Row</TableHead>
            <TableHead numeric>Recovered</TableHead>
            <TableHead numeric>Fee</TableHead>
            <TableHead numeric>Net</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.remittanceId ?? r.id} className={r.releasedAt ? "text-muted-foreground" : undefined}>
              <TableCell className="whitespace-nowrap">{day(r.occurredAt)}</TableCell>
              <TableCell>
                <Link className="font-medium hover:underline" href={placementHref(r.placementId)}>
                  {r.invoiceNumber}
                </Link>
              </TableCell>
              <TableCell>
                <StatusBadge status={r.status} />
                {r.releasedAt ? <span className="ml-2 text-xs text-muted-foreground">returned to payable</span> : null}
              </TableCell>
              <TableCell numeric>{money(r.recovered, currency)}</TableCell>
              <TableCell numeric>{money(r.fee, currency)}</TableCell>
              <TableCell numeric className={r.net < 0n ? "text-destructive" : "font-medium"}>
                {money(r.net, currency)}
              </TableCell>
            </TableRow>
          ))}
          <TableRow className="font-medium">
            <TableCell colSpan={3}>Total ({rows.length} rows)</TableCell>
            <TableCell numeric>{money(total("recovered"), currency)}</TableCell>
            <TableCell numeric>{money(total("fee"), currency)}</TableCell>
            <TableCell numeric>{money(total("net"), currency)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </div>
  );
}
