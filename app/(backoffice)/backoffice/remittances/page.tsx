import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { StaffRemittancesTable } from "@/components/portal/remittances-table";
import { CreditorFilter } from "@/components/backoffice/creditor-filter";
import { fromRecord, remittanceListInput, type SearchParams } from "@/components/portal/list-params";
import { HydrateClient, trpc } from "@/server/trpc/server";
import { prefetchNow } from "@/server/trpc/rsc";

export const metadata: Metadata = { title: "Remittances" };

export default async function StaffRemittancesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = fromRecord(await searchParams);
  // The creditor menu's names too, so the filter shows the chosen creditor from the first paint.
  await prefetchNow(
    trpc.backoffice.remittances.queryOptions(remittanceListInput(params, { staff: true })),
    trpc.backoffice.creditors.queryOptions({ limit: 200 }),
  );
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Remittances"
        description="Remittance rows across creditors, with rate snapshots and reversal parents."
      />
      <HydrateClient>
        <StaffRemittancesTable creditorMenu={<CreditorFilter />} />
      </HydrateClient>
    </div>
  );
}
