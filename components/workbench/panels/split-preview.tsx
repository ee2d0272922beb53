import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money } from "@/components/portal/format";

type PartPreview = {
  placementId: string;
  invoiceNumber: string;
  amount: bigint;
  applied: bigint;
  fee: bigint;
  net: bigint;
  credit: bigint;
  rateBps: number;
};

export type PreviewData = {
  payment: { currency: string };
  parts: PartPreview[];
  totals: { amount: bigint; applied: bigint; fee: bigint; net: bigint; credit: bigint };
};

/** The money effect of applying a payment, before anyone confirms: one remittance per part, its fee and net, and any credit. */
export function SplitPreview({ preview }: { preview: PreviewData }) {
  const c = preview.payment.currency;
  return (
    <div className="overflow-x-auto" data-testid="split-preview">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Placement</TableHead>
            <TableHead className="text-right">Part</TableHead>
            <TableHead className="text-right">Remittance</TableHead>
            <TableHead className="text-right">Fee</TableHead>
            <TableHead className="text-right">Net to creditor</TableHead>
            <TableHead className="text-right">Customer credit</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {preview.parts.map((p) => (
            <TableRow key={p.placementId}>
              <TableCell>
                {p.invoiceNumber}{" "}
                <span className="text-xs text-muted-foreground">({(p.rateBps / 100).toFixed(2)}% rate)</span>
              </TableCell>
              <TableCell className="text-right tabular-nums">{money(p.amount, c)}</TableCell>
              <TableCell className="text-right tabular-nums">{money(p.applied, c)}</TableCell>
              <TableCell className="text-right tabular-nums">{money(p.fee, c)}</TableCell>
              <TableCell className="text-right tabular-nums">{money(p.net, c)}</TableCell>
              <TableCell className="text-right tabular-nums">{money(p.credit, c)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow>
            <TableCell>Total</TableCell>
            <TableCell className="text-right tabular-nums">{money(preview.totals.amount, c)}</TableCell>
            <TableCell className="text-right tabular-nums">{money(preview.totals.applied, c)}</TableCell>
            <TableCell className="text-right tabular-nums">{money(preview.totals.fee, c)}</TableCell>
            <TableCell className="text-right tabular-nums">{money(preview.totals.net, c)}</TableCell>
            <TableCell className="text-right tabular-nums">{money(preview.totals.credit, c)}</TableCell>
          </TableRow>
        </TableFooter>
      </Table>
    </div>
  );
}
