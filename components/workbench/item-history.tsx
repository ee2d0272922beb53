import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { dateTime, humanize } from "@/components/portal/format";

type Entry = { id: string; occurredAt: Date; actorName: string; action: string; note: string | null };

/** Who did what to the item, and when, oldest first. */
export function ItemHistory({ history }: { history: Entry[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>History</CardTitle>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3" aria-label="Item history">
          {history.map((h) => (
            <li key={h.id} className="grid gap-0.5 border-l-2 border-border pl-3">
              <span className="text-sm">
                <span className="font-medium">{humanize(h.action)}</span> by {h.actorName}
              </span>
              <time className="text-xs text-muted-foreground" dateTime={h.occurredAt.toISOString()}>
                {dateTime(h.occurredAt)}
              </time>
              {h.note ? <p className="text-sm text-muted-foreground break-words">{h.note}</p> : null}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
