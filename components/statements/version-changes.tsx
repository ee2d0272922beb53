import { Badge } from "@/components/ui/badge";
import { dateTime, humanize, money } from "@/components/portal/format";

const words = (key: string) => humanize(key.replace(/([A-Z])/g, " $1").toLowerCase());
import { isSameStatement, type StatementDiff } from "@/server/domain/statement-diff";
import type { StatementView } from "@/server/services/statements/read";

/** Every version of a month, newest first, each with its reason and what changed from the one before. */
export function VersionChanges({
  versions,
  currentId,
  hrefFor,
}: {
  versions: StatementView[];
  currentId: string;
  hrefFor: (id: string) => string;
}) {
  return (
    <ol className="grid gap-3" aria-label="Versions">
      {versions.map((v) => (
        <li key={v.id} className="rounded-lg border p-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <a className="font-medium underline-offset-4 hover:underline" href={hrefFor(v.id)}>
              Version {v.version}
            </a>
            {v.id === currentId ? <Badge variant="info">shown</Badge> : null}
            <span className="text-muted-foreground">issued {dateTime(v.issuedAt)}</span>
          </div>
          {v.reason ? <p className="mt-1">Reason: {v.reason}</p> : null}
          {v.changes ? <ChangeList diff={v.changes} /> : null}
        </li>
      ))}
    </ol>
  );
}

function ChangeList({ diff }: { diff: StatementDiff }) {
  const items = [
    ...diff.header.map((c) => `${words(c.field)}: ${c.from ?? "—"} → ${c.to ?? "—"}`),
    ...diff.figures.map(
      (f) =>
        `${f.currency} ${words(f.figure)}: ${money(BigInt(f.from), f.currency)} → ${money(BigInt(f.to), f.currency)}`,
    ),
    ...(diff.linesAdded.length ? [`${diff.linesAdded.length} line(s) added`] : []),
    ...(diff.linesRemoved.length ? [`${diff.linesRemoved.length} line(s) removed`] : []),
    ...diff.linesChanged.map(
      (l) => `${l.label}: ${l.changes.map((c) => `${words(c.field)} ${c.from ?? "—"} → ${c.to ?? "—"}`).join(", ")}`,
    ),
  ];
  return (
    <div className="mt-2">
      <p className="text-xs font-medium text-muted-foreground">What changed from the version before</p>
      {!isSameStatement(diff) && items.length ? (
        <ul className="mt-1 list-disc pl-5">
          {items.slice(0, 20).map((i) => (
            <li key={i}>{i}</li>
          ))}
          {items.length > 20 ? <li>… and {items.length - 20} more</li> : null}
        </ul>
      ) : (
        <p className="mt-1">Nothing: the same figures and lines, issued again.</p>
      )}
    </div>
  );
}
