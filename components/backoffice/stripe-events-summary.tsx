"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/server/trpc/react";
import { StatCard } from "@/components/ui/stat-card";
import { Skeleton } from "@/components/ui/skeleton";
import { elapsed } from "@/components/portal/format";

/** What in the inbox needs a person: parked and failed events, with the age of the oldest. */
export function StripeEventsSummary() {
  const trpc = useTRPC();
  const query = useQuery(trpc.stripeEvents.summary.queryOptions());
  if (query.isPending) return <Skeleton className="h-[106px] rounded-lg" />;
  if (!query.data) return null;
  const { parked, failed } = query.data;
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard
        label="Parked"
        value={parked.count.toLocaleString("en-US")}
        hint={
          parked.oldestAgeSeconds !== null ? (
            <>oldest waiting {elapsed(parked.oldestAgeSeconds)}; looked up at Stripe after 15 min</>
          ) : (
            "nothing waits for its payment"
          )
        }
        href="/backoffice/stripe-events?status=parked"
      />
      <StatCard
        label="Failed"
        value={failed.count.toLocaleString("en-US")}
        hint={
          failed.oldestAgeSeconds !== null ? (
            <>oldest {elapsed(failed.oldestAgeSeconds)} ago; each has a work item</>
          ) : (
            "every event applied"
          )
        }
        href="/backoffice/stripe-events?status=failed"
      />
    </div>
  );
}
