import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { WorkItemsTable } from "@/components/backoffice/work-items-table";
import { WorkSummary } from "@/components/backoffice/work-summary";
import { fromRecord, workItemListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Work queue" };

export default async function WorkItemsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(
    trpc.workItems.summary.queryOptions(),
    trpc.workItems.list.queryOptions(workItemListInput(fromRecord(await searchParams))),
  );
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Work queue"
        description="Exceptions recorded so far, oldest first. Nothing here is closed automatically; each item says what to do next."
      />
      <HydrateClient>
        <WorkSummary />
        <WorkItemsTable />
      </HydrateClient>
    </div>
  );
}
