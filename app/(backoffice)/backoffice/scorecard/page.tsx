import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Scorecard } from "@/components/workbench/scorecard";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Scorecard" };
export const dynamic = "force-dynamic";

/** How the exception workbench is doing: matching, throughput, ageing, reopens, adjustments, approvals. */
export default async function ScorecardPage() {
  await prefetchNow(trpc.workbench.scorecard.queryOptions());
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Scorecard"
        description="The work queue over the last 12 weeks, computed from the books and the queue itself."
      />
      <HydrateClient>
        <Scorecard />
      </HydrateClient>
    </div>
  );
}
