import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { StripeEventsSummary } from "@/components/backoffice/stripe-events-summary";
import { StripeEventsTable } from "@/components/backoffice/stripe-events-table";
import { fromRecord, stripeEventListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Stripe events" };

/** The Stripe webhook inbox: every event stored once by its id, with how it was applied. */
export default async function StripeEventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(
    trpc.stripeEvents.summary.queryOptions(),
    trpc.stripeEvents.list.queryOptions(stripeEventListInput(fromRecord(await searchParams))),
  );
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Stripe events"
        description="Every webhook Stripe delivered, stored once by its event id. Parked events wait for their payment; failed ones have a work item and can be retried once fixed."
      />
      <HydrateClient>
        <StripeEventsSummary />
        <StripeEventsTable />
      </HydrateClient>
    </div>
  );
}
