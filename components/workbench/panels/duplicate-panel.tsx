import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money } from "@/components/portal/format";
import type { WorkItemPanelProps } from "./types";

type Payment = { paymentAttemptId: string; externalId: string; receivedAt: string; invoiceNumber: string };

/**
 * A possible duplicate: the two payments side by side. Nothing is refunded automatically: a person
 * checks with the debtor, then dismisses the item ("not a duplicate") or refunds one payment and
 * closes it as resolved outside Clearbook (the lifecycle bar above).
 */
export function DuplicatePanel({ item, evidence }: WorkItemPanelProps) {
  const payments = (evidence.payments ?? []) as Payment[];
  const currency = String(evidence.currency ?? "USD");
  const amount = BigInt(String(evidence.amount ?? "0"));
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          Two payments of {money(amount, currency)} by {String(evidence.debtorName ?? "the debtor")}
        </CardTitle>
        <CardDescription>
          Within {String(evidence.windowHours ?? "")} hours of each other, with different payment ids. {item.nextAction}
        </CardDescription>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Payment</TableHead>
              <TableHead>Received</TableHead>
              <TableHead>Invoice</TableHead>
              <TableHead className="text-right">Amount</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {payments.map((p) => (
              <TableRow key={p.paymentAttemptId}>
                <TableCell className="font-mono text-xs">{p.externalId}</TableCell>
                <TableCell>{new Date(p.receivedAt).toISOString().replace("T", " ").slice(0, 16)} UTC</TableCell>
                <TableCell>{p.invoiceNumber}</TableCell>
                <TableCell className="text-right tabular-nums">{money(amount, currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
