import type { PlacementLedger } from "@/server/services/queries/ledger";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { dateTime, humanize, money, shortId } from "@/components/portal/format";

/** A placement's journal entries, each whole (every leg, debits then credits), and its balances per account. */
export function LedgerView({ ledger }: { ledger: PlacementLedger }) {
  if (ledger.entries.length === 0) {
    return (
      <EmptyState
        title="No journal entries yet"
        description="Entries appear when money moves on this placement: a payment, a reversal, a credit."
      />
    );
  }
  return (
    <div className="grid gap-4">
      <Card className="gap-3">
        <CardHeader>
          <CardTitle>Balances from this placement&apos;s postings</CardTitle>
          <CardDescription>Debit positive, credit negative. Derived from postings, never cached.</CardDescription>
        </CardHeader>
        <CardContent className="px-0">
          <Table aria-label="Balances">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Account</TableHead>
                <TableHead numeric>Balance</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {ledger.balances.map((b) => (
                <TableRow key={`${b.account}-${b.currency}`}>
                  <TableCell title={b.account}>{b.accountName}</TableCell>
                  <TableCell numeric className="font-medium">
                    {money(b.balance, b.currency)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {ledger.truncated ? (
        <p className="text-[13px] text-warning">Showing the first {ledger.entries.length} entries only.</p>
      ) : null}
      <ol className="grid gap-3" aria-label="Journal entries">
        {ledger.entries.map((e) => (
          <li key={e.id} data-testid="journal-entry">
            <Card className="gap-2 py-3">
              <CardHeader className="px-4">
                <CardTitle className="flex flex-wrap items-center gap-2 text-sm">
                  {e.description}
                  <Badge variant="outline">{humanize(e.kind)}</Badge>
                  {e.isBalanced ? (
                    <Badge variant="success">Balanced</Badge>
                  ) : (
                    <Badge variant="destructive">Unbalanced</Badge>
                  )}
                </CardTitle>
                <CardDescription className="text-xs">
                  {dateTime(e.occurredAt)} · entry <span className="font-mono">{shortId(e.id)}</span>
                  {e.sourceRef ? (
                    <>
                      {" "}
                      · source{" "}
                      <span className="font-mono">
                        {e.sourceRef.replace(/:([0-9a-f-]{36})$/i, (_m, id: string) => `:${shortId(id)}`)}
                      </span>
                    </>
                  ) : null}
                </CardDescription>
              </CardHeader>
              <CardContent className="px-0">
                <Table aria-label="Postings">
                  <TableHeader>
                    <TableRow className="hover:bg-transparent">
                      <TableHead className="pl-4">Account</TableHead>
                      <TableHead numeric>Debit</TableHead>
                      <TableHead numeric className="pr-4">
                        Credit
                      </TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {e.postings.map((p) => (
                      <TableRow key={p.id}>
                        <TableCell className="pl-4" title={p.account}>
                          {p.accountName}
                        </TableCell>
                        <TableCell numeric>{p.amount > 0n ? money(p.amount, p.currency) : ""}</TableCell>
                        <TableCell numeric className="pr-4">
                          {p.amount < 0n ? money(-p.amount, p.currency) : ""}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          </li>
        ))}
      </ol>
    </div>
  );
}
