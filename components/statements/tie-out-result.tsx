import { Badge } from "@/components/ui/badge";
import { humanize } from "@/components/portal/format";

const words = (key: string) => humanize(key.replace(/([A-Z])/g, " $1").toLowerCase());

/** A tie-out as the runs table and the preview show it (amounts as stored: strings or bigints of minor units). */
export type TieOut = {
  ok: boolean;
  differences: Array<{
    currency: string;
    figure: string;
    fromPostings: unknown;
    fromLines: unknown;
    difference: unknown;
  }>;
  unexplained: Array<{ entryId: string; kind: string; currency: string; payableEffect: unknown }>;
};

/** "Ties out" or the differences between the summary from postings and from lines, figure by figure. */
export function TieOutResultView({ tieOut }: { tieOut: TieOut | null }) {
  if (!tieOut) return <span className="text-xs text-muted-foreground">—</span>;
  if (tieOut.ok) return <Badge variant="success">Ties out to the cent</Badge>;
  return (
    <div className="grid gap-1 text-xs">
      <Badge variant="destructive">Does not tie out</Badge>
      <ul className="list-disc pl-4">
        {tieOut.differences.slice(0, 5).map((d) => (
          <li key={`${d.currency}-${d.figure}`}>
            {d.currency} {words(d.figure)}: ledger {String(d.fromPostings)}, lines {String(d.fromLines)} (minor units)
          </li>
        ))}
        {tieOut.unexplained.slice(0, 5).map((u) => (
          <li key={u.entryId}>
            Entry {u.entryId.slice(0, 8)} ({u.kind}) moves {String(u.payableEffect)} {u.currency} with no record behind
            it
          </li>
        ))}
      </ul>
    </div>
  );
}
