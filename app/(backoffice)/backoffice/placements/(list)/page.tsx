import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { StaffPlacementsTable } from "@/components/portal/placements-table";
import { CreditorFilter } from "@/components/backoffice/creditor-filter";
import { fromRecord, placementListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Placements" };

export default async function StaffPlacementsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await prefetchNow(
    trpc.backoffice.placements.queryOptions(placementListInput(fromRecord(await searchParams), { staff: true })),
    trpc.backoffice.creditors.queryOptions({ limit: 200 }), // the creditor filter's names, from the first paint
  );
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Placements"
        description="Every creditor's placements. Open one for its timeline and its journal entries."
      />
      <HydrateClient>
        <StaffPlacementsTable creditorMenu={<CreditorFilter />} />
      </HydrateClient>
    </div>
  );
}
