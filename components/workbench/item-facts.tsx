import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import { dateTime, humanize } from "@/components/portal/format";
import type { WorkItemDetail } from "@/server/services/work-items/read";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The placement an item is about, if any: its subject, or the placement its evidence names. */
export function itemPlacementId(item: Pick<WorkItemDetail, "subjectType" | "subjectId" | "evidence">): string | null {
  if (item.subjectType === "placement" && UUID.test(item.subjectId)) return item.subjectId;
  const p = item.evidence.placementId;
  return typeof p === "string" && UUID.test(p) ? p : null;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

/** What the item is, who has it, when it is due, and where its placement's timeline and ledger are. */
export function ItemFacts({ item }: { item: WorkItemDetail }) {
  const placementId = itemPlacementId(item);
  return (
    <Card>
      <CardContent>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="Kind">{humanize(item.kind)}</Fact>
          <Fact label="Creditor">
            {item.creditorId ? (
              <Link className="underline-offset-4 hover:underline" href={`/backoffice/creditors/${item.creditorId}`}>
                {item.creditorName}
              </Link>
            ) : (
              "—"
            )}
          </Fact>
          <Fact label="Owner">{item.ownerName ?? "Unassigned"}</Fact>
          <Fact label="Opened">
            {dateTime(item.createdAt)} ({item.ageDays} d)
          </Fact>
          <Fact label="Due">
            {item.dueAt ? (
              <span className={item.isOverdue ? "font-medium text-destructive" : undefined}>
                {dateTime(item.dueAt)}
                {item.isOverdue ? " — overdue" : ""}
              </span>
            ) : (
              "—"
            )}
          </Fact>
          <Fact label="Subject">
            {humanize(item.subjectType)} <span className="font-mono text-xs">{item.subjectId}</span>
          </Fact>
          {item.proposedByName ? (
            <Fact label="Proposed by">
              {item.proposedByName}
              {item.proposedAt ? `, ${dateTime(item.proposedAt)}` : ""}
            </Fact>
          ) : null}
          {item.approvedByName ? (
            <Fact label="Approved by">
              {item.approvedByName}
              {item.approvedAt ? `, ${dateTime(item.approvedAt)}` : ""}
            </Fact>
          ) : null}
          {item.resolvedBy ? (
            <Fact label={item.status === "dismissed" ? "Dismissed by" : "Resolved by"}>
              {item.resolvedBy}
              {item.resolvedAt ? `, ${dateTime(item.resolvedAt)}` : ""}
              {item.closeReason ? ` — ${item.closeReason}` : ""}
            </Fact>
          ) : null}
          {item.reopenCount > 0 ? <Fact label="Reopened">{item.reopenCount}×</Fact> : null}
          {placementId ? (
            <Fact label="Placement">
              <span className="flex flex-wrap gap-3">
                <Link
                  className="text-primary underline-offset-4 hover:underline"
                  href={`/backoffice/placements/${placementId}`}
                >
                  Timeline
                </Link>
                <Link
                  className="text-primary underline-offset-4 hover:underline"
                  href={`/backoffice/placements/${placementId}/ledger`}
                >
                  Ledger
                </Link>
              </span>
            </Fact>
          ) : null}
        </dl>
      </CardContent>
    </Card>
  );
}
