"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { StatCard } from "@/components/ui/stat-card";
import { Skeleton } from "@/components/ui/skeleton";
import { age, humanize } from "@/components/portal/format";

/** One card per kind of unresolved work: its count, the age of the oldest item, how many are overdue or wait for approval. */
export function WorkSummary() {
  const trpc = useTRPC();
  const query = useQuery(trpc.workItems.summary.queryOptions());
  if (query.isPending) return <Skeleton className="h-[106px] rounded-lg" />;
  const kinds = query.data ?? [];
  if (kinds.length === 0) return null;
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {kinds.map((k) => (
        <StatCard
          key={k.kind}
          label={humanize(k.kind)}
          value={k.open.toLocaleString("en-US")}
          hint={
            <>
              oldest waiting {age(k.oldestAgeDays)}
              {k.overdue ? <span className="font-medium text-destructive"> · {k.overdue} overdue</span> : null}
              {k.pendingApproval ? <span className="text-warning"> · {k.pendingApproval} pending approval</span> : null}
            </>
          }
          href={`/backoffice/work-items?kind=${k.kind}`}
        />
      ))}
    </div>
  );
}
